namespace TensorLogic.Tlc.Commands;

/// <summary>
/// Whether a source has a comment. The lexer drops comments (<c>#</c> or <c>//</c> to the end of the line),
/// so this scan mirrors its one rule that matters here: inside a string on one line they are text.
/// </summary>
internal static class Comments
{
    public static bool Occur(string text)
    {
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
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
}
