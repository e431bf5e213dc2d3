package dev.lineage.domain.thread;

/**
 * What a provider result says (reference 4.9): its text, the JSON object it produced, the tokens
 * it used, or why it could not be read. Each part may be null; when {@code error} is set the
 * others are null.
 *
 * @param content the text of the answer; null when there is none or it was JSON
 * @param jsonObject the tool call or JSON object of the answer; null if none
 * @param usage the tokens used; null if not reported or unreadable
 * @param error why the result could not be read, or the provider's error; null on success
 */
public record ParsedOutput(
    String content, GeneratedJsonObject jsonObject, Usage usage, String error) {

  static ParsedOutput failed(String error) {
    return new ParsedOutput(null, null, null, error);
  }
}
