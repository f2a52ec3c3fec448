using System.Globalization;
using System.Text;

namespace TensorLogic.Syntax.Diagnostics;

/// <summary>
/// Shows characters a terminal would not: control characters, zero-width and other format characters,
/// unusual spaces, private-use and unassigned characters are written as their code point, <c>&lt;U+200B&gt;</c>. Printed raw,
/// a NUL or an escape sequence from a binary file garbles the terminal, and a zero-width space makes the
/// excerpt of "unexpected character" look identical to valid code.
/// </summary>
public static class VisibleText
{
    /// <summary>
    /// <paramref name="text"/> with each hidden character replaced by its code point. Line breaks and tabs are
    /// kept when <paramref name="keepLayout"/> is set, for messages that span lines on purpose.
    /// </summary>
    public static string Escape(string text, bool keepLayout = false)
    {
        if (!text.Any(c => IsHidden(c, keepLayout)))
            return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            Append(builder, c, keepLayout);
        return builder.ToString();
    }

    /// <summary>How many columns <paramref name="text"/> takes once escaped, so carets stay under their span.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var c in text)
            width += IsHidden(c, keepLayout: false) ? CodePoint(c).Length : 1;
        return width;
    }

    private static void Append(StringBuilder builder, char c, bool keepLayout)
    {
        if (IsHidden(c, keepLayout))
            builder.Append(CodePoint(c));
        else
            builder.Append(c);
    }

    private static string CodePoint(char c) => $"<U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}>";

    // Surrogates are left alone: a pair (an emoji) is visible, and invalid UTF-8 was already read as U+FFFD.
    private static bool IsHidden(char c, bool keepLayout)
    {
        if (c == ' ')
            return false;
        if (keepLayout && c is '\n' or '\t')
            return false;
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => true,
            _ => false,
        };
    }
}
