using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace TensorLogic.Testing;

/// <summary>
/// Golden-file assertions: the expected text of <c>Golden.Verify(actual, "name")</c> is
/// <c>golden/name.verified.txt</c> beside the calling test file. On a mismatch the actual text is written
/// to <c>name.received.txt</c> there, to be read and compared; running the tests with <c>TL_ACCEPT=1</c>
/// makes every assertion overwrite its verified file instead. Received files are not committed.
/// </summary>
public static class Golden
{
    public static bool Accepting => Environment.GetEnvironmentVariable("TL_ACCEPT") == "1";

    public static void Verify(string actual, string name, [CallerFilePath] string file = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(file) ?? ".", "golden");
        var verified = Path.Combine(folder, name + ".verified.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        actual = Normalize(actual);
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        if (Accepting)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"{verified} does not exist; the output is in {received}. Check it, then rerun with TL_ACCEPT=1."
            : $"the output differs from {verified} at line {FirstDifference(expected, actual)}; it is in {received}. Rerun with TL_ACCEPT=1 to accept it.");
    }

    /// <summary>Line endings do not matter: a checkout with CRLF must not fail every golden test.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line])
            line++;
        return line + 1;
    }
}
