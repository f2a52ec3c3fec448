using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Tlc.Repl;

/// <summary>
/// What Tab offers for the word before the cursor (words are separated by spaces): a meta-command at
/// the start of a line, a file path after <c>:load</c>/<c>:save</c> or inside a string, and otherwise the names
/// of the program's tensors and the built-in functions. A word such as <c>S=W[i</c> completes only its last
/// name, <c>i</c>; the rest is kept.
/// </summary>
internal sealed class ReplCompletion(IReadOnlyList<string> commands, Func<IEnumerable<string>> tensorNames)
{
    /// <summary>
    /// The words that may replace <paramref name="word"/>, each whole (what comes before the completed name
    /// included), sorted; null when there is nothing to offer. <paramref name="prefix"/> is the line before it.
    /// </summary>
    public string[]? Complete(string prefix, string word)
    {
        var before = prefix.TrimStart();
        if (before.Length == 0 && word.StartsWith(':'))
            return Matching(commands, word, "");
        if (before.StartsWith(":load", StringComparison.Ordinal) || before.StartsWith(":save", StringComparison.Ordinal))
            return Paths(word, "");
        var quote = word.LastIndexOf('"');
        if (quote >= 0 && (prefix + word).Count(c => c == '"') % 2 == 1)
            return Paths(word[(quote + 1)..], word[..(quote + 1)]);
        var start = word.Length;
        while (start > 0 && IsNamePart(word[start - 1]))
            start--;
        if (start == word.Length)
            return null;
        var names = tensorNames().Concat(BuiltinFunction.Names);
        return Matching(names, word[start..], word[..start]);
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '\'';

    private static string[]? Matching(IEnumerable<string> names, string start, string head)
    {
        var found = names.Where(n => n.StartsWith(start, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal)
            .Select(n => head + n).ToArray();
        return found.Length == 0 ? null : found;
    }

    /// <summary>Files and folders that start with <paramref name="typed"/>; folders end in '/', to go on typing.</summary>
    private static string[]? Paths(string typed, string head)
    {
        var slash = typed.LastIndexOf('/');
        var folder = slash >= 0 ? typed[..(slash + 1)] : "";
        var searched = folder.Length == 0 ? "." : folder.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + folder[1..] : folder;
        try
        {
            var entries = new DirectoryInfo(searched).EnumerateFileSystemInfos()
                .Select(e => folder + e.Name + (e is DirectoryInfo ? "/" : ""));
            return Matching(entries, typed, head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
