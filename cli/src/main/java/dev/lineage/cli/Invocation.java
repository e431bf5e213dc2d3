package dev.lineage.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the tool was started, for the commands it suggests. */
final class Invocation {

  private Invocation() {}

  /**
   * {@code java -jar <the jar>} when the tool runs from its jar (the path relative to the working
   * directory when the jar is under it), else {@code lineage}.
   */
  static String command() {
    try {
      Path jar = Path.of(
          LineageCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar")) {
        Path here = Path.of("").toAbsolutePath();
        return "java -jar " + (jar.startsWith(here) ? here.relativize(jar) : jar);
      }
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // no usable location: fall back to the command's name
    }
    return "lineage";
  }
}
