using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// The name under the cursor, by the lexer's rule for ID: letters, digits and '_', parts joined by '.', primes
/// at the end (W, p', enc.Hidden). A '.' that ends a statement (<c>Parent(Bob, Ann).</c>) is not part of it.
/// </summary>
internal static class NameAtPosition
{
    public static (string Name, TextSpan Span)? Find(string text, int offset)
    {
        var start = offset;
        while (start > 0 && IsNameChar(text[start - 1]))
            start--;
        var end = offset;
        while (end < text.Length && IsNameChar(text[end]))
            end++;
        while (start < end && !IsNameStart(text[start]))
            start++;
        while (end > start && text[end - 1] == '.')
            end--;
        return start < end ? (text[start..end], TextSpan.FromBounds(start, end)) : null;
    }

    /// <summary>The part of a name typed before the cursor: what completion should complete.</summary>
    public static string Prefix(string text, int offset)
    {
        var start = offset;
        while (start > 0 && IsNameChar(text[start - 1]))
            start--;
        return text[start..offset];
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '\'' or '\u2032' or '\u2033';
}
