package io.jcompose.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcompose config} end to end through the CLI: views, formats, output file, exit codes, errors. */
class ConfigCommandTest {
    @TempDir
    Path dir;
    private Path file;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void writeProject() throws IOException {
        file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                name: demo
                services:
                  web:
                    image: nginx
                    ports: ["8080:80"]
                    environment:
                      PRICE: "$$5"
                    depends_on: [db]
                    profiles: [front]
                  db:
                    image: postgres
                    volumes: [data:/var/lib/postgresql/data]
                  job:
                    build: ./job
                    profiles: [jobs]
                volumes:
                  data: {}
                networks:
                  extra: {}
                """);
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "-f";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheCanonicalYamlWithDollarsEscaped() {
        Result r = run("--profile", "front", "config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("name: demo\nservices:\n  db:\n").contains("      PRICE: $$5\n")
                .contains("        published: \"8080\"\n");
    }

    @Test
    void listsServicesVolumesNetworksProfilesAndImages() {
        assertThat(run("config", "--services").out()).isEqualTo("db\n");
        assertThat(run("--profile", "*", "config", "--services").out()).isEqualTo("db\njob\nweb\n");
        assertThat(run("config", "--volumes").out()).isEqualTo("data\n");
        assertThat(run("config", "--networks").out()).isEqualTo("default\nextra\n");
        assertThat(run("config", "--profiles").out()).isEqualTo("front\njobs\n");
        assertThat(run("--profile", "jobs", "config", "--images").out()).isEqualTo("postgres\ndemo-job\n");
    }

    @Test
    void listsModels() throws IOException {
        Files.writeString(file, "services:\n  a:\n    image: x\nmodels:\n  llm:\n    model: ai/smollm2\n");
        assertThat(run("config", "--models").out()).isEqualTo("ai/smollm2\n");
    }

    @Test
    void namedServicesBringTheirDependenciesAndEnableTheirProfile() {
        Result r = run("config", "web");
        assertThat(r.out()).contains("  db:\n").contains("  web:\n").doesNotContain("  job:\n");
    }

    @Test
    void hashesAreStableSha256PerService() {
        Result r = run("config", "--hash", "*");
        assertThat(r.out()).matches("db [0-9a-f]{64}\n");
        assertThat(run("config", "--hash", "db").out()).isEqualTo(r.out());
    }

    @Test
    void writesJsonToAFile() throws IOException {
        Path out = dir.resolve("out.json");
        Result r = run("config", "--format", "json", "-o", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).startsWith("{\n  \"name\": \"demo\",\n");
    }

    @Test
    void quietValidatesOnly() {
        Result r = run("config", "-q");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void variablesAreListedWithDefaults() throws IOException {
        Files.writeString(file, "services:\n  a:\n    image: \"x:${TAG:-1}\"\n    environment: [\"K=${KEY:?need key}\"]\n");
        Result r = run("config", "--variables");
        String pad = " ".repeat(20);
        assertThat(r.out()).isEqualTo("NAME" + pad.substring(4) + "REQUIRED" + pad.substring(8) + "DEFAULT VALUE"
                + pad.substring(13) + "ALTERNATE VALUE\n"
                + "KEY" + pad.substring(3) + "true" + pad.substring(4) + pad + "\n"
                + "TAG" + pad.substring(3) + "false" + pad.substring(5) + "1" + pad.substring(1) + "\n");
        assertThat(run("config", "--variables", "--format", "json").out()).startsWith("{\n    \"KEY\": {\n        \"Name\": \"KEY\",");
        assertThat(run("config", "--variables", "--format", "yaml").out()).startsWith("KEY:\n    name: KEY\n");
    }

    @Test
    void compositionErrorsExitThreeWithLocationAndNoStackTrace() throws IOException {
        Files.writeString(file, "services:\n  web:\n    image: nginx\n    portz: [80]\n");
        Result r = run("config");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(file + ":4:5: error: services.web: additional property \"portz\" is not allowed\n"
                + "  hint: did you mean \"ports\"?\n");
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        Files.writeString(file, "services: [");
        Result r = run("--debug", "config");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("invalid YAML").contains("\tat io.jcompose.");
    }

    @Test
    void unknownFlagsAndServicesAreUsageErrors() {
        Result flag = run("config", "--bogus");
        assertThat(flag.code()).isEqualTo(1);
        assertThat(flag.err()).contains("Unknown option: '--bogus'");
        Result service = run("config", "nope");
        assertThat(service.code()).isEqualTo(1);
        assertThat(service.err()).isEqualTo("no such service: nope\n");
    }

    @Test
    void globalOptionsWorkAfterTheVerbToo() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                "config", "-f", file.toString(), "-p", "renamed", "--profile", "jobs", "--services");
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("db\njob\n");
        StringWriter name = new StringWriter();
        Main.run(new PrintWriter(name, true), new PrintWriter(new StringWriter()), "config", "-f", file.toString(), "-p", "renamed");
        assertThat(name.toString()).startsWith("name: renamed\n");
    }

    @Test
    void versionHelpAndCompletion() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "version")).isZero();
        assertThat(out.toString()).startsWith("jcompose version v");
        StringWriter help = new StringWriter();
        assertThat(Main.run(new PrintWriter(help, true), new PrintWriter(new StringWriter()), "config", "--help")).isZero();
        assertThat(help.toString()).contains("--no-interpolate").contains("--hash");
        StringWriter completion = new StringWriter();
        assertThat(Main.run(new PrintWriter(completion, true), new PrintWriter(new StringWriter()), "completion")).isZero();
        assertThat(completion.toString()).contains("complete -F").contains("config");
    }
}
