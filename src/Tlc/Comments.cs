namespace TensorLogic.Tlc;

/// <summary>
/// Whether a source has a comment the formatter would lose. The lexer drops comments (<c>#</c> or <c>//</c>
/// to the end of the line), so this scan mirrors its one rule that matters here: inside a string on one line
/// they are text. A doc comment, <c>///</c> at the start of a line, is kept by the formatter and so does not count.
/// </summary>
internal static class Comments
{
    public static bool Occur(string text)
    {
        var inString = false;
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (lineStart && string.CompareOrdinal(text, i, "///", 0, 3) == 0)
            {
                while (i + 1 < text.Length && text[i + 1] is not ('\n' or '\r'))
                    i++;
                continue;
            }
            lineStart = c is '\n' or '\r' || lineStart && c is ' ' or '\t';
            if (inString)
            {
                if (c == '\\')
                    i++;
                else if (c is '"' or '\n' or '\r')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
                return true;
        }
        return false;
    }

    /// <summary>How many lines are doc comments (<c>///</c> at the start of a line).</summary>
    public static int DocLines(string text) =>
        text.Split('\n').Count(line => line.TrimStart().StartsWith("///", StringComparison.Ordinal));

    /// <summary>
    /// Why <paramref name="formatted"/> may not replace <paramref name="original"/> (text would be lost), or null
    /// when it may.
    /// </summary>
    public static string? LostByFormatting(string original, string formatted)
    {
        // The syntax tree does not hold comments, so the formatted text has none: rewriting would delete them.
        if (Occur(original))
            return "has comments, which the formatter does not keep";
        // Doc comments are kept above what they document; one that documents nothing would be lost.
        if (DocLines(formatted) != DocLines(original))
            return "has /// comments that are neither at the top nor right above a statement, which the formatter does not keep";
        return null;
    }
}
