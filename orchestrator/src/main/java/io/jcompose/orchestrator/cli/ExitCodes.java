package io.jcompose.orchestrator.cli;

import io.jcompose.errors.JcomposeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns failures into messages and exit codes: a {@link JcomposeException}
 * exits with its own code, a usage error with 1, anything else (a bug) with 1 and "internal error".
 * Stack traces only with {@code --debug}.
 */
public final class ExitCodes implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {
    /** Exit status of a command-line usage error (what docker compose uses). */
    public static final int USAGE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean debug = debug(parsed);
        if (ex instanceof JcomposeException je) {
            err.println(chain(je));
        } else {
            err.println("jcompose: internal error: " + chain(ex));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return getExitCode(ex);
    }

    @Override
    public int getExitCode(Throwable ex) {
        return ex instanceof JcomposeException je ? je.exitCode() : 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(ex.getMessage());
        cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        cmd.getErr().flush();
        return USAGE;
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The message and its causes, one per line, without class names for our own errors. */
    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (b.length() > 0) {
                b.append("\ncaused by: ");
            }
            b.append(m);
        }
        return b.toString();
    }
}
