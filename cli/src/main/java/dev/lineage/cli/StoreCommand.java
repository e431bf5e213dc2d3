package dev.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that works on the store the options name: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {

  @ParentCommand private LineageCommand root;

  @Spec private CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    validate();
    try (Store store = root.openStore()) {
      return run(store);
    }
  }

  /** Checks the arguments before the store is opened; throws a parameter exception if wrong. */
  void validate() {}

  /** Does the command's work; the exit code. */
  abstract int run(Store store) throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  CommandSpec spec() {
    return spec;
  }

  LineageCommand root() {
    return root;
  }

  boolean json() {
    return root.json();
  }

  /** Prints {@code node} as indented JSON. */
  void printJson(JsonNode node) {
    try {
      out().println(RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the output could not be written as JSON", e);
    }
  }
}
