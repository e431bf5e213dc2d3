package dev.lineage.cli;

/**
 * Quiets the libraries' logs (Hibernate, Flyway, HikariCP, the MongoDB driver), or lets them
 * through with {@code --verbose}. Set before the store is opened, since the logging backend reads
 * its settings when the first logger is made; a setting given with {@code -D} wins.
 */
final class Logging {

  private Logging() {}

  static void configure(boolean verbose) {
    setUnlessGiven("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
    setUnlessGiven("org.slf4j.simpleLogger.showDateTime", "true");
    // Hibernate logs through jboss-logging, which picks slf4j only when told to
    setUnlessGiven("org.jboss.logging.provider", "slf4j");
  }

  private static void setUnlessGiven(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
