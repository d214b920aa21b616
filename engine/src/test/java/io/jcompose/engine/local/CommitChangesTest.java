package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker commit --change instructions and moby's merge with the container's config. */
class CommitChangesTest {
    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.api().readTree(text.replace('\'', '"'));
    }

    private static String applied(String start, String... changes) throws Exception {
        ObjectNode config = json(start);
        CommitChanges.apply(config, List.of(changes));
        return config.toString().replace('"', '\'');
    }

    @Test
    void cmdAndEntrypointTakeTheJsonOrTheShellForm() throws Exception {
        assertThat(applied("{}", "CMD [\"cat\", \"/x\"]")).isEqualTo("{'Cmd':['cat','/x']}");
        assertThat(applied("{}", "cmd echo hi")).isEqualTo("{'Cmd':['/bin/sh','-c','echo hi']}");
        assertThat(applied("{'Cmd':['old']}", "ENTRYPOINT [\"/bin/app\"]"))
                .isEqualTo("{'Cmd':null,'Entrypoint':['/bin/app']}");
        assertThat(applied("{}", "CMD [\"a\"]", "ENTRYPOINT [\"b\"]")).isEqualTo("{'Cmd':['a'],'Entrypoint':['b']}");
    }

    @Test
    void envLabelExposeVolumeUserWorkdirStopsignalOnbuild() throws Exception {
        assertThat(applied("{'Env':['A=1']}", "ENV A=2 B=\"two words\"", "ENV C old form value", "LABEL x=y",
                "EXPOSE 80 53/udp 8000-8001", "VOLUME [\"/data\"]", "VOLUME /a /b", "USER app", "WORKDIR /srv",
                "WORKDIR sub/../web", "STOPSIGNAL SIGINT", "ONBUILD RUN make"))
                .isEqualTo("{'Env':['A=2','B=two words','C=old form value'],'Labels':{'x':'y'},"
                        + "'ExposedPorts':{'80/tcp':{},'53/udp':{},'8000/tcp':{},'8001/tcp':{}},"
                        + "'Volumes':{'/data':{},'/a':{},'/b':{}},'User':'app','WorkingDir':'/srv/web',"
                        + "'StopSignal':'SIGINT','OnBuild':['RUN make']}");
    }

    @Test
    void argumentsExpandTheEnvironmentTheChangesSetSoFarButNotInSingleQuotesOrCommands() throws Exception {
        assertThat(applied("{'Env':['BASE=/opt']}", "ENV APP=$BASE/app HOME_DIR=${NOPE:-/home}", "WORKDIR ${APP}",
                "LABEL at=\"$APP\" raw='$APP' alt=${APP:+set}", "VOLUME [\"$APP/data\"]", "USER ${NOPE}nobody",
                "CMD echo $APP"))
                .isEqualTo("{'Env':['BASE=/opt','APP=/opt/app','HOME_DIR=/home'],'WorkingDir':'/opt/app',"
                        + "'Labels':{'at':'/opt/app','raw':'$APP','alt':'set'},'Volumes':{'/opt/app/data':{}},"
                        + "'User':'nobody','Cmd':['/bin/sh','-c','echo $APP']}");
    }

    @Test
    void healthcheckTakesItsFlagsAndBothForms() throws Exception {
        assertThat(applied("{}", "HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD [\"true\"]"))
                .isEqualTo("{'Healthcheck':{'Interval':90000000000,'Timeout':500000000,'Retries':3,'Test':['CMD','true']}}");
        assertThat(applied("{}", "HEALTHCHECK CMD wget -q localhost")).isEqualTo(
                "{'Healthcheck':{'Test':['CMD-SHELL','wget -q localhost']}}");
        assertThat(applied("{}", "HEALTHCHECK NONE")).isEqualTo("{'Healthcheck':{'Test':['NONE']}}");
        assertThatThrownBy(() -> applied("{}", "HEALTHCHECK --interval=1us CMD true"))
                .hasMessageContaining("cannot be less than 1ms");
        assertThatThrownBy(() -> applied("{}", "HEALTHCHECK RUN true"))
                .hasMessage("Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
        assertThatThrownBy(() -> applied("{}", "HEALTHCHECK --interval=10 CMD true"))
                .hasMessage("time: invalid duration \"10\"");
    }

    @Test
    void instructionsCommitDoesNotTakeAreRefusedAsDockerDoes() {
        assertThatThrownBy(() -> applied("{}", "RUN true")).isInstanceOf(EngineException.BadRequest.class)
                .hasMessage("run is not a valid change command");
        assertThatThrownBy(() -> applied("{}", "EXPOSE http")).hasMessage("invalid containerPort: http");
        assertThatThrownBy(() -> applied("{}", "CMD")).hasMessage("CMD requires at least one argument");
        assertThatThrownBy(() -> applied("{}", "ENV A=\"open")).isInstanceOf(EngineException.BadRequest.class);
    }

    @Test
    void theMergeFillsWhatTheUserLeftEmptyAndUnitesTheMaps() throws Exception {
        ObjectNode user = json("{'Cmd':['cat','/x'],'Env':['A=2'],'Labels':{'x':'new'},'ExposedPorts':{'80/tcp':{}}}");
        ContainerCommit.merge(user, json("{'Cmd':['sleep'],'Entrypoint':['/init'],'Env':['A=1','PATH=/bin'],"
                + "'Labels':{'x':'old','y':'kept'},'ExposedPorts':{'53/udp':{}},'User':'app','WorkingDir':'/w'}"));
        assertThat(user.toString().replace('"', '\'')).isEqualTo("{'Cmd':['cat','/x'],'Env':['A=2','PATH=/bin'],"
                + "'Labels':{'x':'new','y':'kept'},'ExposedPorts':{'80/tcp':{},'53/udp':{}},'User':'app',"
                + "'WorkingDir':'/w','Entrypoint':['/init']}");
        ObjectNode emptyEntrypoint = json("{'Entrypoint':[]}");
        ContainerCommit.merge(emptyEntrypoint, json("{'Cmd':['sh'],'Entrypoint':['/init']}"));
        assertThat(emptyEntrypoint.toString().replace('"', '\'')).isEqualTo("{'Entrypoint':[],'Cmd':['sh']}");
        ObjectNode health = json("{'Healthcheck':{'Interval':5}}");
        ContainerCommit.merge(health, json("{'Healthcheck':{'Test':['CMD','true'],'Interval':9,'Retries':2}}"));
        assertThat(health.toString().replace('"', '\'')).isEqualTo("{'Healthcheck':{'Interval':5,'Test':['CMD','true'],'Retries':2}}");
    }
}
