package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Splits filter or path text into tokens, one at a time with one token of look-ahead. Positions are
 * 1-based character positions in the text. Errors are built by the given factory, so the same lexer
 * serves filters ({@code invalidFilter}) and PATCH paths ({@code invalidPath}).
 */
final class FilterLexer {

  /** Kinds of token. */
  enum Kind {
    /** An attribute path or keyword: letters, digits and {@code - _ . : $}. */
    WORD,
    STRING,
    NUMBER,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    /** A dot that starts a token (the {@code .value} after {@code ]} in a PATCH path). */
    DOT,
    END
  }

  /**
   * A token.
   *
   * @param kind its kind
   * @param text its text as written
   * @param position the 1-based position of its first character
   * @param value the decoded value of a STRING or NUMBER token, otherwise null
   */
  record Token(Kind kind, String text, int position, JsonNode value) {
    /** The token for messages: {@code 'eq'} or {@code the end}. */
    String describe() {
      return kind == Kind.END ? "the end" : "'" + abbreviate(text) + "'";
    }

    boolean isWord(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
  }

  private final String text;
  private final Function<String, ScimException> error;
  private int pos;
  private Token peeked;

  FilterLexer(String text, Function<String, ScimException> error) {
    this.text = text;
    this.error = error;
  }

  Token peek() {
    if (peeked == null) {
      peeked = scan();
    }
    return peeked;
  }

  Token next() {
    Token token = peek();
    peeked = null;
    return token;
  }

  private Token scan() {
    while (pos < text.length() && isSpace(text.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Kind.END, "", start + 1, null);
    }
    char c = text.charAt(pos);
    switch (c) {
      case '(':
        return single(Kind.LEFT_PAREN);
      case ')':
        return single(Kind.RIGHT_PAREN);
      case '[':
        return single(Kind.LEFT_BRACKET);
      case ']':
        return single(Kind.RIGHT_BRACKET);
      case '.':
        return single(Kind.DOT);
      case '"':
        return string();
      default:
        break;
    }
    if (c == '-' || isDigit(c)) {
      return number();
    }
    if (isAlpha(c) || c == '$') {
      while (pos < text.length() && isWordChar(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.WORD, text.substring(start, pos), start + 1, null);
    }
    throw error.apply("Unexpected character " + describeChar(c) + " at position " + (start + 1));
  }

  private Token single(Kind kind) {
    pos++;
    return new Token(kind, text.substring(pos - 1, pos), pos, null);
  }

  private Token string() {
    int start = pos;
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw error.apply("Unterminated string starting at position " + (start + 1));
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        if (!dev.scimserverless.core.json.Text.isWellFormed(value.toString())) {
          throw error.apply(
              "The string starting at position " + (start + 1) + " is not valid Unicode");
        }
        return new Token(
            Kind.STRING, text.substring(start, pos), start + 1, TextNode.valueOf(value.toString()));
      }
      if (c != '\\') {
        value.append(c);
        pos++;
        continue;
      }
      int escapeAt = pos;
      if (pos + 1 >= text.length()) {
        throw error.apply("Unterminated string starting at position " + (start + 1));
      }
      char e = text.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '"' -> value.append('"');
        case '\\' -> value.append('\\');
        case '/' -> value.append('/');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'u' -> value.append(unicodeEscape(escapeAt));
        default ->
            throw error.apply(
                "Invalid escape sequence '\\" + printable(e) + "' at position " + (escapeAt + 1));
      }
    }
  }

  private char unicodeEscape(int escapeAt) {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
      if (digit < 0) {
        throw error.apply(
            "Invalid unicode escape at position "
                + (escapeAt + 1)
                + ": expected four hexadecimal digits after '\\u'");
      }
      code = code * 16 + digit;
      pos++;
    }
    return (char) code;
  }

  private Token number() {
    int start = pos;
    while (pos < text.length() && isNumberChar(text.charAt(pos))) {
      pos++;
    }
    String literal = text.substring(start, pos);
    if (!isJsonNumber(literal)) {
      throw error.apply(
          "Malformed number '" + abbreviate(literal) + "' at position " + (start + 1));
    }
    try {
      JsonNode value = Filter.Comparison.normaliseNumber(new BigDecimal(literal));
      return new Token(Kind.NUMBER, literal, start + 1, value);
    } catch (NumberFormatException | ArithmeticException e) {
      throw error.apply(
          "Number '" + abbreviate(literal) + "' at position " + (start + 1) + " is out of range");
    }
  }

  /** JSON number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  static boolean isJsonNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n || !isDigit(s.charAt(i))) {
      return false;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    return i == n;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** ABNF nameChar: {@code "-" / "_" / DIGIT / ALPHA}. */
  static boolean isNameChar(char c) {
    return isAlpha(c) || isDigit(c) || c == '-' || c == '_';
  }

  private static boolean isWordChar(char c) {
    return isNameChar(c) || c == '.' || c == ':' || c == '$';
  }

  private static boolean isNumberChar(char c) {
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  private static String describeChar(char c) {
    return "'" + printable(c) + "'";
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || Character.isISOControl(c)
        ? String.format("U+%04X", (int) c)
        : String.valueOf(c);
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
