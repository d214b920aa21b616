package io.jcompose.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides whether a {@link RequiresRoot} test can run here. */
public final class RootCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missingCapability();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("running as root on Linux");
        }
        if (Boolean.getBoolean("jcompose.it.strict")) {
            throw new IllegalStateException("root test cannot run (jcompose.it.strict=true): " + missing);
        }
        return ConditionEvaluationResult.disabled("needs root: " + missing);
    }

    private static String missingCapability() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "not Linux";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.split("\\s+");
                    return "0".equals(f[2]) ? null : "effective uid is " + f[2];
                }
            }
            return "no Uid line in /proc/self/status";
        } catch (IOException e) {
            return "cannot read /proc/self/status: " + e.getMessage();
        }
    }
}
