package dev.lineage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the tool in this JVM, as {@code main} would, with standard output and error captured. */
final class Cli {

  private Cli() {}

  /** What a run printed, and its exit code. */
  record Result(int exitCode, String out, String err) {

    /** The lines of standard error. */
    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = LineageCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** {@link #run} with {@code --store store} first. */
  static Result on(String store, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--store";
    all[1] = store;
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }
}
