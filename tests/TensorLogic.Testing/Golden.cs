using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace TensorLogic.Testing;

/// <summary>
/// Golden-file assertions, named as the Verify library names them (the package cannot be obtained here):
/// the expected text of <c>Golden.Verify(actual, "name")</c> lives in <c>golden/name.verified.txt</c> beside
/// the calling test file.
/// </summary>
/// <remarks>
/// On a mismatch, or when the verified file does not exist yet, the actual text is written to
/// <c>name.received.txt</c> beside it and the test fails with a diff excerpt. To accept new output, read the
/// received files (or the diff), then run the tests with the environment variable <c>TL_ACCEPT=1</c>: every
/// golden assertion then overwrites its verified file instead of failing. Received files are not meant to be
/// committed. Test projects use it through a ProjectReference to TensorLogic.Testing.
/// </remarks>
public static class Golden
{
    private const int ContextLines = 3;
    private const int MaxDiffLines = 60;

    public static bool Accepting => Environment.GetEnvironmentVariable("TL_ACCEPT") == "1";

    public static void Verify(string actual, string name, [CallerFilePath] string file = "") =>
        Verify(actual, name, file, Accepting);

    /// <summary>The same, with acceptance given explicitly, so that the helper's own tests need not set the variable.</summary>
    internal static void Verify(string actual, string name, string file, bool accept)
    {
        var directory = Path.Combine(Path.GetDirectoryName(file) ?? ".", "golden");
        var verifiedPath = Path.Combine(directory, name + ".verified.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        actual = Normalize(actual);

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            WriteReceived(directory, receivedPath, actual);
            throw new XunitException(
                $"Golden file {verifiedPath} does not exist. The output was written to {receivedPath}; " +
                "check it and rerun with TL_ACCEPT=1 to accept it.");
        }

        var expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        WriteReceived(directory, receivedPath, actual);
        throw new XunitException(
            $"Output differs from {verifiedPath} (received text in {receivedPath}; rerun with TL_ACCEPT=1 to accept it):\n" +
            Diff(expected, actual));
    }

    /// <summary>Golden files compare by lines, so a checkout with CRLF endings must not make every test fail.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static void WriteReceived(string directory, string path, string text)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// A unified-style diff (<c>-</c> expected, <c>+</c> actual) with a few lines of context, cut off after
    /// <see cref="MaxDiffLines"/> lines since a test failure only needs to show where the texts part.
    /// </summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var edits = LineEdits(a, b);
        var output = new StringBuilder();
        var lines = 0;
        var i = 0;
        while (i < edits.Count && lines < MaxDiffLines)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }
            // A hunk: the changes from here on, merged while they are at most two contexts apart.
            var start = Math.Max(0, i - ContextLines);
            var end = i;
            while (end < edits.Count)
            {
                var nextChange = end;
                while (nextChange < edits.Count && edits[nextChange].Kind == ' ')
                    nextChange++;
                if (nextChange == edits.Count || nextChange - end > 2 * ContextLines)
                    break;
                end = nextChange + 1;
            }
            var stop = Math.Min(edits.Count, end + ContextLines);
            output.Append($"@@ -{edits[start].OldLine + 1} +{edits[start].NewLine + 1} @@\n");
            for (var k = start; k < stop && lines < MaxDiffLines; k++, lines++)
                output.Append(edits[k].Kind).Append(' ').Append(edits[k].Text).Append('\n');
            i = stop;
        }
        if (lines >= MaxDiffLines)
            output.Append("... (diff cut off)\n");
        return output.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    /// <summary>
    /// The line edits of a longest common subsequence. Quadratic, which is fine for golden files of a few
    /// hundred lines; past that only the region after the common prefix and before the common suffix is compared.
    /// </summary>
    private static List<Edit> LineEdits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;
        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;

        var edits = new List<Edit>();
        for (var k = 0; k < prefix; k++)
            edits.Add(new Edit(' ', a[k], k, k));

        if ((long)n * m > 4_000_000)
        {
            // Too large to align; show the differing middle as a block replacement.
            for (var k = 0; k < n; k++)
                edits.Add(new Edit('-', a[prefix + k], prefix + k, prefix));
            for (var k = 0; k < m; k++)
                edits.Add(new Edit('+', b[prefix + k], prefix + n, prefix + k));
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
                for (var y = m - 1; y >= 0; y--)
                    lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            int p = 0, q = 0;
            while (p < n || q < m)
            {
                if (p < n && q < m && a[prefix + p] == b[prefix + q])
                {
                    edits.Add(new Edit(' ', a[prefix + p], prefix + p, prefix + q));
                    p++;
                    q++;
                }
                else if (p < n && (q == m || lcs[p + 1, q] >= lcs[p, q + 1]))
                {
                    // Removals first, as diff prints them.
                    edits.Add(new Edit('-', a[prefix + p], prefix + p, prefix + q));
                    p++;
                }
                else
                {
                    edits.Add(new Edit('+', b[prefix + q], prefix + p, prefix + q));
                    q++;
                }
            }
        }

        for (var k = 0; k < suffix; k++)
            edits.Add(new Edit(' ', a[a.Length - suffix + k], a.Length - suffix + k, b.Length - suffix + k));
        return edits;
    }
}
