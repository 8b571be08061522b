package dev.mailharden.core.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI value as Ansible reads it: {@code ast.literal_eval} of the text when that succeeds
 * (numbers, True/False/None, quoted strings, lists, tuples as lists, dicts), else the text as a
 * string. So {@code 22} is the number 22, {@code True} a boolean, but {@code yes} and
 * {@code 10.0.0.1} are strings. Sets, complex numbers and bytes stay strings.
 */
final class PythonLiteral {

  private static final Pattern FLOAT =
      Pattern.compile("(?:\\d+\\.\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+");
  // Python 3 refuses leading zeros ("010") except for zero itself.
  private static final Pattern INT =
      Pattern.compile("0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[1-9]\\d*|0+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*");

  /** Not a literal: the caller keeps the text as it is. */
  private static final class NotALiteral extends Exception {
    NotALiteral() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    PythonLiteral parser = new PythonLiteral(text);
    try {
      Object value = parser.value();
      parser.skipSpace();
      if (parser.pos == text.length()) {
        return value;
      }
    } catch (NotALiteral e) {
      // fall through: Ansible keeps what literal_eval refuses as a string
    }
    return text;
  }

  private Object value() throws NotALiteral {
    skipSpace();
    if (pos >= text.length()) {
      throw new NotALiteral();
    }
    char c = text.charAt(pos);
    switch (c) {
      case '[':
        pos++;
        return items(']');
      case '(':
        return parenthesized();
      case '{':
        pos++;
        return dict();
      case '\'':
      case '"':
        return strings();
      case '-':
      case '+':
        pos++;
        return signed(c == '-', value());
      default:
        return Character.isDigit(c) || c == '.' ? number() : name();
    }
  }

  private List<Object> items(char close) throws NotALiteral {
    List<Object> items = new ArrayList<>();
    while (!consume(close)) {
      items.add(value());
      if (!consume(',')) {
        expect(close);
        break;
      }
    }
    return items;
  }

  /** (1) is 1; (1,) and (1, 2) are tuples, which YAML types hold as lists. */
  private Object parenthesized() throws NotALiteral {
    pos++;
    if (consume(')')) {
      return List.of();
    }
    Object first = value();
    if (consume(')')) {
      return first;
    }
    expect(',');
    List<Object> tuple = new ArrayList<>();
    tuple.add(first);
    tuple.addAll(items(')'));
    return tuple;
  }

  private Map<Object, Object> dict() throws NotALiteral {
    Map<Object, Object> dict = new LinkedHashMap<>();
    while (!consume('}')) {
      Object key = value();
      expect(':');
      dict.put(key, value());
      if (!consume(',')) {
        expect('}');
        break;
      }
    }
    return dict;
  }

  /** Adjacent string literals concatenate, as in Python. */
  private String strings() throws NotALiteral {
    StringBuilder joined = new StringBuilder();
    do {
      joined.append(string());
      skipSpace();
    } while (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"'));
    return joined.toString();
  }

  private String string() throws NotALiteral {
    char quote = text.charAt(pos++);
    StringBuilder s = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return s.toString();
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> s.append('\n');
          case 't' -> s.append('\t');
          case 'r' -> s.append('\r');
          case '\\', '\'', '"' -> s.append(e);
          default -> s.append('\\').append(e); // Python keeps unknown escapes as written
        }
      } else {
        s.append(c);
      }
    }
    throw new NotALiteral();
  }

  private Object number() throws NotALiteral {
    Matcher f = FLOAT.matcher(text).region(pos, text.length());
    if (f.lookingAt()) {
      pos = f.end();
      endOfToken();
      return Double.parseDouble(f.group());
    }
    Matcher i = INT.matcher(text).region(pos, text.length());
    if (!i.lookingAt()) {
      throw new NotALiteral();
    }
    pos = i.end();
    endOfToken();
    String digits = i.group();
    int radix = 10;
    if (digits.length() > 1 && Character.isLetter(digits.charAt(1))) {
      radix = switch (Character.toLowerCase(digits.charAt(1))) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      digits = digits.substring(2);
    }
    return narrowest(new BigInteger(digits, radix));
  }

  private Object name() throws NotALiteral {
    Matcher m = NAME.matcher(text).region(pos, text.length());
    if (!m.lookingAt()) {
      throw new NotALiteral();
    }
    pos = m.end();
    return switch (m.group()) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> null;
      default -> throw new NotALiteral();
    };
  }

  private static Object signed(boolean negative, Object value) throws NotALiteral {
    if (value instanceof Double d) {
      return negative ? -d : d;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      BigInteger n = new BigInteger(value.toString());
      return narrowest(negative ? n.negate() : n);
    }
    throw new NotALiteral();
  }

  /** Integer when it fits, then Long, then BigInteger, as SnakeYAML types YAML integers. */
  private static Object narrowest(BigInteger n) {
    if (n.bitLength() < 32) {
      return n.intValue();
    }
    return n.bitLength() < 64 ? (Object) n.longValue() : n;
  }

  /** "22abc" or "1.2.3.4" are not numbers followed by something: they are not literals. */
  private void endOfToken() throws NotALiteral {
    if (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        throw new NotALiteral();
      }
    }
  }

  private boolean consume(char c) {
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws NotALiteral {
    if (!consume(c)) {
      throw new NotALiteral();
    }
  }

  /** Whitespace, and a # comment to the end, as Python's tokenizer skips them. */
  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '#') {
      pos = text.length();
    }
  }
}
