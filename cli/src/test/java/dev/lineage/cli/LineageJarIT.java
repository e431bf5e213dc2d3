package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.storage.VersionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run as a user runs it: {@code java -jar lineage.jar ...} in a working directory
 * of its own, after {@code package}. Failsafe names the jar in {@code lineage.jar}.
 */
class LineageJarIT {

  private static final String PASSWORD = "hunter2-secret";

  private static Path jar;

  @TempDir Path workingDirectory;

  @BeforeAll
  static void findJar() {
    String property = System.getProperty("lineage.jar");
    assertThat(property).as("the system property lineage.jar (set by failsafe)").isNotNull();
    jar = Path.of(property);
    assertThat(jar).as("the shaded jar, built by package").isRegularFile();
  }

  /** What a run of the jar printed, and its exit code. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  @Test
  @DisplayName("demo stores in ./lineage-data by default, and a second run adds a thread")
  void demoInTheDefaultStore() throws Exception {
    // when
    Run first = succeed("demo");
    Run second = succeed("demo");
    // then
    Path data = workingDirectory.resolve("lineage-data").toRealPath();
    assertThat(first.out()).startsWith("Stored a conversation in H2 database in " + data
        + " (JDBI adapter), one version per step:\n")
        .contains("6 versions, 2 tips")
        .contains("  java -jar " + jar + " threads\n");
    assertThat(first.err()).isEmpty();
    JsonNode threads = RecordJson.MAPPER.readTree(succeed("threads", "--json").out());
    assertThat(threads).hasSize(2);
    assertThat(second.out()).contains(threads.get(0).get("lineageId").asText());
    assertThat(succeed("verify").out()).contains(": no problem");
  }

  @Test
  @DisplayName("a thread exported from the default store and imported into PostgreSQL is the same")
  void exportToPostgres() throws Exception {
    // given
    JsonNode demo = RecordJson.MAPPER.readTree(succeed("demo", "--json").out());
    String lastVersion = demo.get("versions").get(5).get("ecsId").asText();
    Targets.Target postgres = Targets.postgres("cli_jar", "jpa");
    // when
    succeed("export", "--output", "all.jsonl");
    Run imported = succeed(postgres.with("import", "all.jsonl"));
    // then
    List<VersionRecord> original = Targets.contents(defaultStore());
    assertThat(imported.out()).startsWith("imported " + original.size() + " versions");
    assertThat(Targets.contents(postgres)).isEqualTo(original);
    assertThat(succeed(postgres.with("show", lastVersion)).out())
        .contains("4. assistant").contains("6 times 9 is 54.");
    assertThat(succeed(postgres.with("demo")).out()).contains("6 versions, 2 tips");
  }

  @Test
  @DisplayName("a store that cannot be reached: one line, no password, even with --verbose")
  void unreachableStore() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:1/lineage?user=bob&password=" + PASSWORD;
    Run quiet = run(Map.of(), "--store", url, "threads");
    assertThat(quiet.exitCode()).as(quiet.toString()).isEqualTo(1);
    assertThat(quiet.err().lines()).as(quiet.toString()).containsExactly(
        quiet.err().strip()).allMatch(line -> line.startsWith(
            "lineage: the store is unavailable: cannot connect to"
                + " jdbc:postgresql://127.0.0.1:1/lineage?user=bob&password=***"));
    assertThat(quiet.out()).isEmpty();
    Run verbose = run(Map.of(), "--store", url, "--verbose", "threads");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat ").doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName("an unknown id: one line and exit code 1")
  void unknownId() throws Exception {
    Run run = run(Map.of(), "show", "123e4567-e89b-12d3-a456-426614174000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(
        "lineage: no version 123e4567-e89b-12d3-a456-426614174000 is stored\n");
  }

  @Test
  @DisplayName("the store comes from LINEAGE_STORE when --store is not given")
  void storeFromTheEnvironment() throws Exception {
    String url = "jdbc:h2:file:" + workingDirectory.resolve("elsewhere").toAbsolutePath();
    Run run = run(Map.of("LINEAGE_STORE", url), "threads");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(
        "No chat threads in " + url + " (JDBI adapter). Try: lineage demo\n");
  }

  @Test
  @DisplayName("--version names the build, --help the commands")
  void versionAndHelp() throws Exception {
    assertThat(succeed("--version").out()).isEqualTo("lineage 0.1.0-SNAPSHOT\n");
    assertThat(succeed("--help").out()).contains("demo", "threads", "log", "show", "diff",
        "tree", "export", "import", "verify");
  }

  /** The store the jar opens without --store, in this test's working directory. */
  private Targets.Target defaultStore() {
    String url = "jdbc:h2:file:" + workingDirectory.resolve(Store.DEFAULT_DIRECTORY)
        .resolve("lineage").toAbsolutePath();
    return new Targets.Target("the default store", List.of("--store", url, "--adapter", "jdbi"));
  }

  private Run succeed(String... args) throws IOException, InterruptedException {
    Run run = run(Map.of(), args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private Run run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workingDirectory, "out", ".txt");
    Path err = Files.createTempFile(workingDirectory, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().remove("LINEAGE_STORE");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("java -jar lineage.jar " + String.join(" ", args)
          + " did not end");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
