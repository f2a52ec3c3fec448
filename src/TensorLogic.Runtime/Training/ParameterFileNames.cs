using System.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// File names for tensors. A tensor name is letters, digits and '_' followed by primes, and a prime is
/// unsafe in a file name (a quote to every shell), so it is spelled out:
/// <c>'</c> and <c>′</c> as <c>_prime</c>, <c>″</c> as <c>_prime_prime</c> — <c>M'</c> is saved as
/// <c>M_prime.npy</c>. Any other character outside letters, digits and '_' becomes <c>_uXXXX</c> (its
/// UTF-16 code in hex).
/// </summary>
/// <remarks>
/// Different names can meet in one spelling (<c>M'</c> and <c>M_prime</c>, or <c>W</c> and <c>w</c> on a
/// file system that ignores case); the later one then gets <c>_2</c>, <c>_3</c>, … The manifest records
/// the file of each name, so loading never has to undo the spelling.
/// </remarks>
public static class ParameterFileNames
{
    public const string Extension = ".npy";

    /// <summary>The file of each name, in the order given; names must be distinct.</summary>
    public static Dictionary<string, string> Assign(IEnumerable<string> names)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (files.ContainsKey(name))
                throw new ArgumentException($"the tensor '{name}' is listed twice", nameof(names));
            var stem = Spell(name);
            var file = stem + Extension;
            for (var n = 2; !taken.Add(file); n++)
                file = $"{stem}_{n}{Extension}";
            files[name] = file;
        }
        return files;
    }

    /// <summary>The file-safe spelling of <paramref name="name"/>, without extension or numbering.</summary>
    public static string Spell(string name)
    {
        var spelled = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            spelled.Append(c switch
            {
                '\'' or '\u2032' => "_prime",
                '\u2033' => "_prime_prime",
                _ when char.IsLetterOrDigit(c) || c == '_' => c.ToString(),
                _ => $"_u{(int)c:X4}",
            });
        }
        // Only a name that was empty spells as nothing; it still needs a file.
        return spelled.Length == 0 ? "_" : spelled.ToString();
    }
}
