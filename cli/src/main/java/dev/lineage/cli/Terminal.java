package dev.lineage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What standard error is connected to. */
final class Terminal {

  private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

  private Terminal() {}

  /**
   * Whether standard error is a terminal. Linux names what descriptor 2 is under {@code /proc};
   * elsewhere the JDK's console (present when standard input and output are a terminal) stands
   * in for it.
   */
  static boolean standardErrorIsTerminal() {
    if (Files.isSymbolicLink(STANDARD_ERROR)) {
      try {
        String target = Files.readSymbolicLink(STANDARD_ERROR).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
