package dev.lineage.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the passwords of store URLs out of everything the tool prints: the URLs it names in
 * messages are masked, and every line written to standard error (including the libraries' logs
 * and stack traces under {@code --verbose}) has the passwords of the store it opened replaced.
 */
final class Redaction {

  /** {@code password=...} or {@code pwd=...} in a JDBC URL's parameters (H2, PostgreSQL...). */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd)=([^&;\\s]*)");
  /** {@code //user:password@host} in a MongoDB URI or a MariaDB URL. */
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:\\s]*):([^/@\\s]*)@");
  private static final String MASK = "***";
  /** Shorter passwords are masked where they stand in a URL, but not searched for everywhere. */
  private static final int SHORTEST_SEARCHED = 4;

  private final Set<String> secrets = new CopyOnWriteArraySet<>();

  /** Remembers the passwords {@code url} holds, so that no later output shows them. */
  void learn(String url) {
    if (url == null) {
      return;
    }
    remember(PASSWORD_PARAMETER.matcher(url), 2);
    remember(USER_INFO.matcher(url), 2);
  }

  /** {@code url} with its passwords replaced by {@code ***}. */
  static String mask(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1=" + MASK);
    return USER_INFO.matcher(masked).replaceAll("//$1:" + MASK + "@");
  }

  /** {@code text} with every URL masked and every password learnt replaced. */
  String apply(String text) {
    if (text == null) {
      return null;
    }
    String result = mask(text);
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  /**
   * A stream that writes to {@code target} line by line, each line redacted: for {@code
   * System.err}, where the libraries log.
   */
  PrintStream filter(PrintStream target) {
    // this stream's own bytes are UTF-8; the target encodes the redacted text as it does any
    Charset charset = StandardCharsets.UTF_8;
    OutputStream lines = new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
          flush();
        }
      }

      @Override
      public synchronized void flush() {
        if (line.size() > 0) {
          target.print(apply(line.toString(charset)));
          line.reset();
        }
        target.flush();
      }
    };
    return new PrintStream(lines, true, charset);
  }

  private void remember(Matcher matcher, int group) {
    while (matcher.find()) {
      String secret = matcher.group(group);
      if (secret.length() >= SHORTEST_SEARCHED) {
        secrets.add(secret);
        try {
          // a driver may quote the password decoded, as it sends it
          secrets.add(URLDecoder.decode(secret.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notEncoded) {
          // a '%' that starts no escape: the password is used as written, already remembered
        }
      }
    }
  }
}
