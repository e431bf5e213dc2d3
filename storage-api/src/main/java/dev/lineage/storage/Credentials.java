package dev.lineage.storage;

import java.util.regex.Pattern;

/**
 * Keeps passwords out of messages and logs: every adapter masks the connection strings and the
 * driver messages it quotes with {@link #mask}. For outside adapters too, since no credential may
 * reach a log line or an exception message.
 */
public final class Credentials {

  /** Parameters that hold a secret, in {@code ?a=b&c=d} and {@code ;a=b;c=d} forms. */
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)((?:password|passwd|pwd|sslpassword|sslkeypassword|secret|token)=)[^&;]*");

  /** {@code //user:password@host}, in JDBC URLs and MongoDB connection strings. */
  private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

  private Credentials() {}

  /**
   * {@code text} (a URL, or a message quoting one) with secret parameters and user information
   * replaced by {@code ***}; the rest is kept. Null stays null.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = SECRET_PARAMETER.matcher(text).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("//***@");
  }
}
