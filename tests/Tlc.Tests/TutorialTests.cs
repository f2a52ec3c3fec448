using System.Text;
using System.Text.RegularExpressions;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// docs/tutorial.md is read top to bottom and run: every fenced block is either a file the reader saves
/// (<c>```tl file=family.tl</c>) or a <c>```console</c> block of <c>$ tlc ...</c> commands, each followed by
/// what it prints. The commands run in-process, in order, in one folder, so later steps see the files and
/// trained parameters of earlier ones. The convention is stated at the top of the tutorial's source; a block
/// that follows neither form fails the test, so no example of the tutorial goes unchecked.
/// </summary>
public sealed partial class TutorialTests : IDisposable
{
    /// <summary>Options whose value is a path that the command creates, so it does not exist beforehand.</summary>
    private static readonly HashSet<string> OutputPathOptions = ["--save", "--params", "--log", "--plot", "--validate-with"];

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_block_is_a_file_or_a_console_session()
    {
        var blocks = Blocks();
        var misfits = blocks.Where(b => b.Kind == BlockKind.Other).Select(b => $"line {b.Line}: ```{b.Info}");
        Assert.True(!misfits.Any(), "blocks that are neither a file nor a console session:\n" + string.Join("\n", misfits));

        // Text before a console block's first command would be shown to the reader but never checked.
        var stray = blocks.Where(b => b.Kind == BlockKind.Console && !b.Text.StartsWith("$ ")).Select(b => $"line {b.Line}");
        Assert.True(!stray.Any(), "console blocks that do not start with a '$ ' command:\n" + string.Join("\n", stray));

        // A file that no command names is shown but never run.
        var commands = string.Join("\n", blocks.Where(b => b.Kind == BlockKind.Console).SelectMany(b => Commands(b)).Select(c => c.Command));
        var unused = blocks.Where(b => b.Kind == BlockKind.File && !commands.Contains(Path.GetFileName(b.FileName!)) && !IsImported(b.FileName!, blocks));
        Assert.True(!unused.Any(), "files that no command reads:\n" + string.Join("\n", unused.Select(b => $"line {b.Line}: {b.FileName}")));
    }

    [Fact]
    public void Every_command_prints_what_the_tutorial_shows()
    {
        var work = PrepareFolder();
        var failures = new List<string>();
        foreach (var block in Blocks())
        {
            if (block.Kind == BlockKind.Other)
            {
                failures.Add($"docs/tutorial.md:{block.Line}: ```{block.Info} is neither a file nor a console session, so nothing runs it");
                continue;
            }
            if (block.Kind == BlockKind.File)
            {
                var file = Path.Combine(work, block.FileName!);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, block.Text);
                continue;
            }
            foreach (var (line, command, expected) in Commands(block))
            {
                var actual = Run(command, work);
                if (!Matches(expected, actual))
                    failures.Add($"docs/tutorial.md:{line}: $ {command}\n--- expected\n{expected}--- printed\n{actual}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The reader works in a folder of their own in the repository's root, so the programs read the data
    /// sets as <c>../examples/...</c>; the test builds the same layout in a temporary folder.
    /// </summary>
    private string PrepareFolder()
    {
        foreach (var data in new[] { Path.Combine("examples", "data"), Path.Combine("examples", "learning", "data") })
        {
            var target = Path.Combine(_folder.Path, data);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(Repository.PathOf(data)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        var work = Path.Combine(_folder.Path, "tut");
        Directory.CreateDirectory(work);
        return work;
    }

    /// <summary>
    /// Runs one <c>tlc</c> command line in-process. Paths are given relative to the tutorial's folder, so
    /// arguments naming a file there (or an output folder) are made absolute, and the folder is taken out of
    /// the output again: stdout, then stderr, as the reader's terminal would show them for a clean run.
    /// </summary>
    private static string Run(string command, string work)
    {
        var words = Split(command);
        Assert.True(words.Count > 0 && words[0] == "tlc", $"not a tlc command: {command}");
        string? input = null;
        var redirect = words.IndexOf("<");
        if (redirect >= 0)
        {
            input = File.ReadAllText(Path.Combine(work, words[redirect + 1]));
            words.RemoveRange(redirect, 2);
        }
        var args = words.Skip(1).ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            var candidate = Path.Combine(work, args[i]);
            var isOutput = i > 0 && OutputPathOptions.Contains(args[i - 1]);
            if (!args[i].StartsWith('-') && (isOutput || File.Exists(candidate) || Directory.Exists(candidate)))
                args[i] = candidate;
        }
        var result = TlcRun.InvokeWithInput(input, args);
        var prefix = work + Path.DirectorySeparatorChar;
        return Normalize((result.Stdout + result.Stderr).Replace(prefix, ""));
    }

    /// <summary>
    /// The expected text with its wildcards: a line that is only <c>...</c> stands for any number of lines,
    /// and <c>...</c> inside a line for any text within it (timings, or the digits of a trained value past
    /// those that the tutorial promises).
    /// </summary>
    private static bool Matches(string expected, string actual)
    {
        var pattern = new StringBuilder("^");
        foreach (var line in expected.TrimEnd('\n').Split('\n'))
        {
            if (line == "...")
                pattern.Append(@"(?:[^\n]*\n)*?");
            else
                pattern.Append(string.Join(@"[^\n]*?", line.Split("...").Select(Regex.Escape))).Append(@"\n");
        }
        return Regex.IsMatch(actual, pattern.Append(@"\z").ToString());
    }

    /// <summary>Line ends as \n, no trailing blanks on a line, and one final line end.</summary>
    private static string Normalize(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())) + "\n";

    private enum BlockKind { File, Console, Other }

    private sealed record Block(int Line, string Info, string Text)
    {
        public BlockKind Kind =>
            Info == "console" ? BlockKind.Console : FileName is not null ? BlockKind.File : BlockKind.Other;

        public string? FileName => FileAttribute().Match(Info) is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>The fenced blocks of the tutorial, outside HTML comments, with the line of their opening fence.</summary>
    private static List<Block> Blocks()
    {
        var page = File.ReadAllText(Repository.PathOf("docs", "tutorial.md")).Replace("\r\n", "\n");
        // Blank out comments line for line, so that line numbers still point into the page.
        page = HtmlComment().Replace(page, m => new string('\n', m.Value.Count(c => c == '\n')));
        var blocks = new List<Block>();
        var lines = page.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```"))
                continue;
            var start = i;
            var body = new StringBuilder();
            for (i++; i < lines.Length && lines[i] != "```"; i++)
                body.Append(lines[i]).Append('\n');
            blocks.Add(new Block(start + 1, lines[start][3..].Trim(), body.ToString()));
        }
        return blocks;
    }

    /// <summary>
    /// The commands of a console block: each <c>$ </c> line, with what follows it up to the next. Text before
    /// the first command belongs to none; the convention test reports it.
    /// </summary>
    private static IEnumerable<(int Line, string Command, string Expected)> Commands(Block block)
    {
        var lines = block.Text.TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("$ "))
                continue;
            var (line, command) = (block.Line + 1 + i, lines[i][2..]);
            var expected = new StringBuilder();
            while (i + 1 < lines.Length && !lines[i + 1].StartsWith("$ "))
                expected.Append(lines[++i]).Append('\n');
            yield return (line, command, Normalize(expected.ToString()));
        }
    }

    private static bool IsImported(string file, List<Block> blocks) =>
        blocks.Any(b => b.Kind == BlockKind.File && b.Text.Contains($"\"{file}\""));

    /// <summary>Splits a command line into words as a shell would: blanks separate, quotes group.</summary>
    private static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var (quote, inWord) = ('\0', false);
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    word.Append(c);
            }
            else if (c is '\'' or '"')
                (quote, inWord) = (c, true);
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"\bfile=(\S+)")]
    private static partial Regex FileAttribute();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();
}
