using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc;

/// <summary>
/// The formatter keeps every comment; should it ever fail to, <c>tlc fmt --write</c> and the language server's
/// formatting leave the text alone rather than lose one.
/// </summary>
internal static class Comments
{
    /// <summary>Whether <paramref name="formatted"/> holds the same comments as <paramref name="original"/>.</summary>
    public static bool KeptByFormatting(string original, string formatted)
    {
        static IEnumerable<string> Texts(string text) =>
            SourceComments.Read(new SourceText(text, "")).Select(c => c.Text).Order(StringComparer.Ordinal);
        return Texts(original).SequenceEqual(Texts(formatted));
    }
}
