package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.FilterLexer.Kind;
import dev.scimserverless.core.filter.FilterLexer.Token;
import dev.scimserverless.core.schema.AttributePath;
import java.util.Optional;
import java.util.function.Function;

/**
 * A hand-written recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2:
 *
 * <pre>
 * FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
 * valuePath = attrPath "[" valFilter "]"
 * attrExp   = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
 * logExp    = FILTER SP ("and" / "or") SP FILTER
 * compValue = false / null / true / number / string
 * attrPath  = [URI ":"] ATTRNAME *1subAttr
 * </pre>
 *
 * Precedence is {@code not} over {@code and} over {@code or}; {@code and} and {@code or} associate
 * to the left; keywords and operators are case-insensitive. Inside {@code [...]} attribute paths
 * are relative to the enclosing attribute (no URN, no sub-attribute, no nested value path).
 * Malformed input always yields {@link ScimException#invalidFilter} with the position (1-based) of
 * the problem.
 */
public final class FilterParser {
  /** Longest filter accepted, in characters. */
  public static final int MAX_LENGTH = 10_000;

  /** Deepest nesting of parentheses, {@code not} and value paths accepted. */
  public static final int MAX_DEPTH = 50;

  /**
   * Most {@code and}/{@code or} operators accepted in one filter: chains build trees as deep as
   * they are long, and the tree is walked recursively.
   */
  public static final int MAX_LOGICAL_OPERATORS = 100;

  private static final String OPERATORS = "eq, ne, co, sw, ew, gt, ge, lt, le or pr";

  private final FilterLexer lexer;
  private final Function<String, ScimException> error;
  private int depth;
  private int logicalOperators;

  private FilterParser(String text, Function<String, ScimException> error) {
    this.lexer = new FilterLexer(text, error);
    this.error = error;
  }

  /**
   * Parses a filter.
   *
   * @throws ScimException invalidFilter (400) when the text is not a filter
   */
  public static Filter parse(String text) {
    Function<String, ScimException> error = ScimException::invalidFilter;
    checkLength(text, "filter", error);
    FilterParser parser = new FilterParser(text, error);
    Filter filter = parser.orExpression(false);
    Token rest = parser.lexer.peek();
    if (rest.kind() != Kind.END) {
      throw parser.unexpectedAfterExpression(rest, "the end of the filter");
    }
    return filter;
  }

  /** Parses a PATCH path (RFC 7644 §3.5.2); errors are invalidPath. See {@link PatchPath#parse}. */
  static PatchPath parsePatchPath(String text) {
    Function<String, ScimException> error = ScimException::invalidPath;
    checkLength(text, "path", error);
    FilterParser parser = new FilterParser(text, error);
    AttributePath attribute = parser.attributePath(parser.expectPath());
    Token next = parser.lexer.next();
    if (next.kind() == Kind.END) {
      return new PatchPath(attribute, Optional.empty(), Optional.empty());
    }
    if (next.kind() != Kind.LEFT_BRACKET) {
      throw error.apply(
          "Expected '[' or the end of the path at position "
              + next.position()
              + " but found "
              + next.describe());
    }
    Filter valueFilter = parser.valueFilter(attribute, next);
    Token after = parser.lexer.next();
    if (after.kind() == Kind.END) {
      return new PatchPath(attribute, Optional.of(valueFilter), Optional.empty());
    }
    if (after.kind() != Kind.DOT) {
      throw error.apply(
          "Expected '.' and a sub-attribute or the end of the path at position "
              + after.position()
              + " but found "
              + after.describe());
    }
    Token sub = parser.lexer.next();
    if (sub.kind() != Kind.WORD) {
      throw error.apply(
          "Expected a sub-attribute name after '.' at position "
              + sub.position()
              + " but found "
              + sub.describe());
    }
    parser.checkName(sub.text(), sub);
    Token end = parser.lexer.next();
    if (end.kind() != Kind.END) {
      throw error.apply(
          "Expected the end of the path at position "
              + end.position()
              + " but found "
              + end.describe());
    }
    return new PatchPath(attribute, Optional.of(valueFilter), Optional.of(sub.text()));
  }

  /**
   * Parses an attribute path such as {@code userName}, {@code name.givenName} or {@code
   * urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value} (the schema URN is
   * everything before the last colon).
   *
   * @throws ScimException invalidPath (400) when malformed
   */
  public static AttributePath attributePath(String text) {
    return parseAttributePath(text, ScimException::invalidPath);
  }

  /**
   * Parses a bare attribute path such as {@code name.givenName} or {@code urn:...:User:manager}.
   */
  static AttributePath parseAttributePath(String text, Function<String, ScimException> error) {
    checkLength(text, "attribute path", error);
    FilterParser parser = new FilterParser(text, error);
    AttributePath path = parser.attributePath(parser.expectPath());
    Token end = parser.lexer.next();
    if (end.kind() != Kind.END) {
      throw error.apply(
          "Expected the end of the attribute path at position "
              + end.position()
              + " but found "
              + end.describe());
    }
    return path;
  }

  private static void checkLength(String text, String what, Function<String, ScimException> error) {
    if (text == null || text.isBlank()) {
      throw error.apply("The " + what + " is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw error.apply(
          "The "
              + what
              + " is "
              + text.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
  }

  // FILTER with or/and precedence ------------------------------------------------------------

  private Filter orExpression(boolean inValueFilter) {
    Filter left = andExpression(inValueFilter, null);
    while (lexer.peek().isWord("or")) {
      Token or = lexer.next();
      countLogical(or);
      left = new Filter.Or(left, andExpression(inValueFilter, or));
    }
    return left;
  }

  private Filter andExpression(boolean inValueFilter, Token after) {
    Filter left = unary(inValueFilter, after);
    while (lexer.peek().isWord("and")) {
      Token and = lexer.next();
      countLogical(and);
      left = new Filter.And(left, unary(inValueFilter, and));
    }
    return left;
  }

  private Filter unary(boolean inValueFilter, Token after) {
    Token token = lexer.peek();
    if (token.isWord("not")) {
      lexer.next();
      Token open = lexer.next();
      if (open.kind() != Kind.LEFT_PAREN) {
        throw error.apply(
            "Expected '(' after 'not' at position "
                + open.position()
                + " but found "
                + open.describe()
                + "; write not (filter)");
      }
      return new Filter.Not(group(inValueFilter, open));
    }
    if (token.kind() == Kind.LEFT_PAREN) {
      lexer.next();
      return group(inValueFilter, token);
    }
    String where =
        after == null ? "" : " after '" + after.text() + "' (position " + after.position() + ")";
    if (after != null && (token.isWord("and") || token.isWord("or"))) {
      throw error.apply(
          "Expected a filter expression"
              + where
              + " at position "
              + token.position()
              + " but found "
              + token.describe());
    }
    if (token.kind() == Kind.WORD) {
      return attributeExpression(inValueFilter);
    }
    if (token.kind() == Kind.END) {
      throw error.apply(
          "Expected a filter expression"
              + where
              + " at position "
              + token.position()
              + " but reached the end");
    }
    throw error.apply(
        "Expected an attribute path, '(' or 'not'"
            + where
            + " at position "
            + token.position()
            + " but found "
            + token.describe());
  }

  private Filter group(boolean inValueFilter, Token open) {
    enter(open);
    Filter inner = orExpression(inValueFilter);
    Token close = lexer.next();
    if (close.kind() == Kind.END) {
      throw error.apply("Missing ')' to close the '(' at position " + open.position());
    }
    if (close.kind() != Kind.RIGHT_PAREN) {
      throw unexpectedAfterExpression(close, "')'");
    }
    depth--;
    return inner;
  }

  private Filter valueFilter(AttributePath path, Token open) {
    if (path.subAttribute() != null) {
      throw error.apply(
          "A value filter '[...]' applies to an attribute, not to the sub-attribute '"
              + path
              + "' (position "
              + open.position()
              + ")");
    }
    enter(open);
    Filter inner = orExpression(true);
    Token close = lexer.next();
    if (close.kind() == Kind.END) {
      throw error.apply("Missing ']' to close the '[' at position " + open.position());
    }
    if (close.kind() != Kind.RIGHT_BRACKET) {
      throw unexpectedAfterExpression(close, "']'");
    }
    depth--;
    return inner;
  }

  private void enter(Token open) {
    depth++;
    if (depth > MAX_DEPTH) {
      throw error.apply(
          "The filter is nested more than "
              + MAX_DEPTH
              + " levels deep (at position "
              + open.position()
              + ")");
    }
  }

  private void countLogical(Token operator) {
    logicalOperators++;
    if (logicalOperators > MAX_LOGICAL_OPERATORS) {
      throw error.apply(
          "The filter has more than "
              + MAX_LOGICAL_OPERATORS
              + " 'and'/'or' operators (at position "
              + operator.position()
              + ")");
    }
  }

  private ScimException unexpectedAfterExpression(Token token, String closer) {
    if (token.kind() == Kind.RIGHT_PAREN) {
      return error.apply(
          "Unexpected ')' at position " + token.position() + " without a matching '('");
    }
    if (token.kind() == Kind.RIGHT_BRACKET) {
      return error.apply(
          "Unexpected ']' at position " + token.position() + " without a matching '['");
    }
    return error.apply(
        "Expected 'and', 'or' or "
            + closer
            + " at position "
            + token.position()
            + " but found "
            + token.describe());
  }

  // attrExp / valuePath --------------------------------------------------------------------------

  private Filter attributeExpression(boolean inValueFilter) {
    Token pathToken = lexer.next();
    AttributePath path = attributePath(pathToken);
    if (inValueFilter && (path.schemaUrn() != null || path.subAttribute() != null)) {
      throw error.apply(
          "Inside '[...]' an attribute path names a sub-attribute of the enclosing attribute;"
              + " '"
              + pathToken.text()
              + "' at position "
              + pathToken.position()
              + " cannot have a schema URN or a sub-attribute");
    }
    Token token = lexer.peek();
    if (token.kind() == Kind.LEFT_BRACKET) {
      if (inValueFilter) {
        throw error.apply("Value filters cannot be nested (position " + token.position() + ")");
      }
      lexer.next();
      Filter inner = valueFilter(path, token);
      Token after = lexer.peek();
      if (after.kind() == Kind.DOT) {
        throw error.apply(
            "In a filter a value path cannot be followed by a sub-attribute (position "
                + after.position()
                + "); put the condition inside the brackets, e.g. emails[type eq \"work\" and"
                + " value pr]");
      }
      return new Filter.ValuePath(path, inner);
    }
    if (token.kind() != Kind.WORD) {
      throw error.apply(
          "Expected an operator ("
              + OPERATORS
              + ") after '"
              + pathToken.text()
              + "' at position "
              + token.position()
              + " but found "
              + token.describe());
    }
    lexer.next();
    if (token.isWord("pr")) {
      Token after = lexer.peek();
      if (after.kind() == Kind.STRING || after.kind() == Kind.NUMBER || isLiteral(after)) {
        throw error.apply(
            "The operator 'pr' at position "
                + token.position()
                + " takes no value, but "
                + after.describe()
                + " follows at position "
                + after.position());
      }
      return new Filter.Present(path);
    }
    CompareOp op =
        CompareOp.fromScimName(token.text())
            .orElseThrow(
                () ->
                    error.apply(
                        "Unknown operator "
                            + token.describe()
                            + " at position "
                            + token.position()
                            + "; expected "
                            + OPERATORS));
    return new Filter.Comparison(path, op, value(token));
  }

  private JsonNode value(Token operator) {
    Token token = lexer.next();
    if (token.kind() == Kind.STRING || token.kind() == Kind.NUMBER) {
      return token.value();
    }
    if (token.isWord("true")) {
      return BooleanNode.TRUE;
    }
    if (token.isWord("false")) {
      return BooleanNode.FALSE;
    }
    if (token.isWord("null")) {
      return NullNode.getInstance();
    }
    String found = token.kind() == Kind.END ? "reached the end" : "found " + token.describe();
    String hint = token.kind() == Kind.WORD ? " (strings must be in double quotes)" : "";
    throw error.apply(
        "Expected a value (a quoted string, a number, true, false or null) after '"
            + operator.text()
            + "' at position "
            + token.position()
            + " but "
            + found
            + hint);
  }

  private static boolean isLiteral(Token token) {
    return token.isWord("true") || token.isWord("false") || token.isWord("null");
  }

  // attrPath -------------------------------------------------------------------------------------

  private Token expectPath() {
    Token token = lexer.next();
    if (token.kind() != Kind.WORD) {
      throw error.apply(
          "Expected an attribute path at position "
              + token.position()
              + " but found "
              + token.describe());
    }
    return token;
  }

  /** {@code [URI ":"] ATTRNAME *1subAttr}; the URN is everything before the last colon. */
  private AttributePath attributePath(Token token) {
    String text = token.text();
    String schemaUrn = null;
    String rest = text;
    int colon = text.lastIndexOf(':');
    if (colon >= 0) {
      schemaUrn = text.substring(0, colon);
      rest = text.substring(colon + 1);
      if (schemaUrn.length() <= 4 || !schemaUrn.regionMatches(true, 0, "urn:", 0, 4)) {
        throw error.apply(
            "Invalid attribute path '"
                + FilterLexer.abbreviate(text)
                + "' at position "
                + token.position()
                + ": a qualified path starts with a schema URN (urn:...)");
      }
      if (rest.isEmpty()) {
        throw error.apply(
            "Expected an attribute name after the schema URN in '"
                + FilterLexer.abbreviate(text)
                + "' at position "
                + token.position());
      }
    }
    int dot = rest.indexOf('.');
    String attribute = dot < 0 ? rest : rest.substring(0, dot);
    String subAttribute = dot < 0 ? null : rest.substring(dot + 1);
    checkName(attribute, token);
    if (subAttribute != null) {
      checkName(subAttribute, token);
    }
    return new AttributePath(schemaUrn, attribute, subAttribute);
  }

  /** ATTRNAME = ALPHA *(nameChar), or {@code $ref}. */
  private void checkName(String name, Token token) {
    if (isAttributeName(name)) {
      return;
    }
    throw error.apply(
        "Invalid attribute name '"
            + FilterLexer.abbreviate(name)
            + "' in '"
            + FilterLexer.abbreviate(token.text())
            + "' at position "
            + token.position()
            + ": a name starts with a letter and has only letters, digits, '-' and '_'"
            + " (and a path has at most one sub-attribute)");
  }

  /** True for an ABNF ATTRNAME or {@code $ref}. */
  static boolean isAttributeName(String name) {
    if (name.equalsIgnoreCase("$ref")) {
      return true;
    }
    if (name.isEmpty() || !FilterLexer.isAlpha(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!FilterLexer.isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
