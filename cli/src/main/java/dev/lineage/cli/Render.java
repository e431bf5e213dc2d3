package dev.lineage.cli;

import dev.lineage.storage.Value;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Values as short text for people: quoted text, numbers, ids, and lists cut to a length. */
final class Render {

  /** How long a value shown beside others may be. */
  static final int SHORT = 60;

  private Render() {}

  /** {@code value} in at most about {@code budget} characters, cut with {@code ...}. */
  static String value(Value value, int budget) {
    if (value instanceof Value.Text string) {
      return quoted(string.value(), budget);
    }
    StringBuilder text = new StringBuilder();
    append(text, value, budget);
    if (text.length() <= budget) {
      return text.toString();
    }
    String cut = text.substring(0, budget) + "...";
    return value instanceof Value.Seq seq ? cut + " (" + count(seq.items().size(), "item") + ")"
        : cut;
  }

  /** {@code text} in double quotes, control characters escaped, cut after {@code budget}. */
  static String quoted(String text, int budget) {
    StringBuilder quoted = new StringBuilder("\"");
    appendEscaped(quoted, text, budget, true);
    return quoted.append('"').toString();
  }

  /** {@code text} on one line, unquoted (line breaks and control characters escaped), cut. */
  static String line(String text, int budget) {
    StringBuilder line = new StringBuilder();
    appendEscaped(line, text, budget, false);
    return line.toString();
  }

  /** {@code n} followed by {@code noun}, with an {@code s} unless {@code n} is 1. */
  static String count(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  private static void append(StringBuilder text, Value value, int budget) {
    if (text.length() > budget) {
      return;
    }
    if (value instanceof Value.Text string) {
      text.append('"');
      appendEscaped(text, string.value(), budget - text.length(), true);
      text.append('"');
    } else if (value instanceof Value.Seq seq) {
      text.append('[');
      appendAll(text, seq.items(), budget);
      text.append(']');
    } else if (value instanceof Value.Obj obj) {
      text.append('{');
      Iterator<Map.Entry<String, Value>> entries = obj.fields().entrySet().iterator();
      while (entries.hasNext() && text.length() <= budget) {
        Map.Entry<String, Value> entry = entries.next();
        text.append(quoted(entry.getKey(), budget)).append(": ");
        append(text, entry.getValue(), budget);
        if (entries.hasNext()) {
          text.append(", ");
        }
      }
      text.append('}');
    } else if (value instanceof Value.Ref ref) {
      text.append("ref ").append(ref.ecsId());
    } else if (value instanceof Value.Text t) {
      text.append(t.value());
    } else if (value instanceof Value.Int n) {
      text.append(n.value());
    } else if (value instanceof Value.Real r) {
      text.append(r.value());
    } else if (value instanceof Value.Bool b) {
      text.append(b.value());
    } else if (value instanceof Value.Uuid u) {
      text.append(u.value());
    } else if (value instanceof Value.Time t) {
      text.append(t.value());
    } else {
      text.append("null");
    }
  }

  private static void appendAll(StringBuilder text, List<Value> items, int budget) {
    for (int i = 0; i < items.size() && text.length() <= budget; i++) {
      if (i > 0) {
        text.append(", ");
      }
      append(text, items.get(i), budget);
    }
  }

  private static void appendEscaped(StringBuilder text, String value, int budget,
      boolean quoted) {
    int end = Math.min(value.length(), Math.max(budget, 0));
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          text.append(quoted ? "\\\"" : "\"");
          break;
        case '\\':
          text.append(quoted ? "\\\\" : "\\");
          break;
        case '\n':
          text.append("\\n");
          break;
        case '\t':
          text.append("\\t");
          break;
        case '\r':
          text.append("\\r");
          break;
        default:
          if (c < 0x20) {
            text.append(String.format("\\u%04x", (int) c));
          } else {
            text.append(c);
          }
      }
    }
    if (end < value.length()) {
      text.append("...");
    }
  }
}
