package dev.lineage.cli;

import dev.lineage.storage.ConflictException;
import dev.lineage.storage.LineageException;
import dev.lineage.storage.StorageUnavailableException;
import dev.lineage.storage.UnreadableDataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lineage} command: a demo conversation stored with its whole history, and inspectors
 * for any store ({@code threads}, {@code log}, {@code show}, {@code diff}, {@code tree}, {@code
 * export}, {@code import}, {@code verify}). Run {@code java -jar lineage.jar --help}.
 *
 * <p>Exit codes: 0 done; 1 failed (one line on standard error says why); 2 the command line is
 * wrong; 3 {@code verify} found problems.
 */
@Command(
    name = "lineage",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = LineageCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Versioned chat threads with branchable history: a demo, and inspectors for"
        + " any store.",
    footer = {"", "STORE is memory, a JDBC URL (jdbc:h2:..., jdbc:postgresql://...,"
        + " jdbc:mariadb://...) or a MongoDB URI (mongodb://host/database).",
        "Without --store: $LINEAGE_STORE, else an H2 database in the folder lineage-data of the"
            + " working directory.",
        "Exit codes: 0 done, 1 failed, 2 bad command line, 3 verify found problems."},
    subcommands = {
        DemoCommand.class, ThreadsCommand.class, LogCommand.class, ShowCommand.class,
        DiffCommand.class, TreeCommand.class, ExportCommand.class, ImportCommand.class,
        VerifyCommand.class
    })
public final class LineageCommand implements Callable<Integer> {

  /** The exit code of a command that failed; one line on standard error says why. */
  static final int FAILED = 1;

  /** The exit code of {@code verify} when the store has problems. */
  static final int PROBLEMS_FOUND = 3;

  @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "STORE",
      defaultValue = "${env:LINEAGE_STORE}",
      description = "memory, a JDBC URL or a mongodb:// URI; default: $LINEAGE_STORE, else an H2"
          + " database in the folder lineage-data")
  private String store;

  @Option(names = "--adapter", scope = ScopeType.INHERIT, paramLabel = "jdbi|jpa",
      description = "how a JDBC store is written: jdbi (default) or jpa")
  private Store.Adapter adapter;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON, for scripts")
  private boolean json;

  @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
      description = "show progress of exports and imports on standard error (default: when it is"
          + " a terminal)")
  private Boolean progress;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "print stack traces and the libraries' logs")
  private boolean verbose;

  @Spec private CommandSpec spec;

  private final Redaction redaction;

  private LineageCommand(Redaction redaction) {
    this.redaction = redaction;
  }

  /** Runs the tool with the process's arguments, and exits with its exit code. */
  public static void main(String[] args) {
    Redaction redaction = new Redaction();
    // the libraries log to standard error; no password of a store URL may reach it
    System.setErr(redaction.filter(System.err));
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(redaction, out, err, args));
  }

  /** Runs the tool with {@code args}, writing to {@code out} and {@code err}; the exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(new Redaction(), out, err, args);
  }

  private static int execute(Redaction redaction, PrintWriter out, PrintWriter err,
      String... args) {
    LineageCommand root = new LineageCommand(redaction);
    CommandLine commandLine = new CommandLine(root)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err);
    commandLine.setParameterExceptionHandler((problem, arguments) -> {
      String command = problem.getCommandLine().getCommandSpec().qualifiedName();
      err.println(redaction.apply("lineage: " + oneLine(problem.getMessage())
          + " (see '" + command + " --help')"));
      return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    });
    commandLine.setExecutionExceptionHandler(
        (failure, failed, parsed) -> root.report(failure, err));
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return spec.exitCodeOnInvalidInput();
  }

  /** Opens the store the options name. */
  Store openStore() {
    Logging.configure(verbose);
    return Store.open(store, adapter, redaction);
  }

  /** The store as the options or the environment name it; null for the default store. */
  String storeOption() {
    return store;
  }

  boolean json() {
    return json;
  }

  /** Whether to show progress: as asked, else when standard error is a terminal. */
  boolean progress() {
    return progress != null ? progress : Terminal.standardErrorIsTerminal();
  }

  /** Reports {@code failure} in one line (and its stack trace when verbose); the exit code. */
  private int report(Exception failure, PrintWriter err) {
    if (verbose) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      err.print(redaction.apply(trace.toString()));
    }
    err.println(redaction.apply("lineage: " + describe(failure)));
    return FAILED;
  }

  private String describe(Throwable failure) {
    if (failure instanceof UncheckedIOException unchecked) {
      return describe(unchecked.getCause());
    }
    if (failure instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (failure instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (failure instanceof IOException io) {
      return "input or output failed: " + oneLine(io.getMessage());
    }
    if (failure instanceof StorageUnavailableException) {
      return "the store is unavailable: " + oneLine(failure.getMessage());
    }
    if (failure instanceof UnreadableDataException) {
      return "unreadable data: " + oneLine(failure.getMessage());
    }
    if (failure instanceof ConflictException) {
      return "conflict: " + oneLine(failure.getMessage());
    }
    if (failure instanceof LineageException) {
      return oneLine(failure.getMessage());
    }
    return "unexpected " + failure.getClass().getSimpleName() + ": " + oneLine(failure.getMessage())
        + (verbose ? "" : " (--verbose prints the stack trace)");
  }

  /** {@code text} on one line: drivers' messages may span several. */
  private static String oneLine(String text) {
    return text == null ? "(no message)" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LineageCommand.class.getPackage().getImplementationVersion();
      return new String[] {"lineage " + (version != null ? version : "(development build)")};
    }
  }
}
