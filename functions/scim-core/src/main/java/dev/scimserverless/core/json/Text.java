package dev.scimserverless.core.json;

/** Checks on text that comes from clients. */
public final class Text {
  private Text() {}

  /** False when the string holds a UTF-16 surrogate without its pair (not valid Unicode). */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
