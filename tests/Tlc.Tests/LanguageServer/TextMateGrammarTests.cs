using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Testing;
using TensorLogic.Tlc.LanguageServer;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>
/// The VS Code extension's TextMate grammar (editors/vscode/syntaxes) against the ANTLR grammar (grammar/TensorLogic.g4):
/// every literal a lexer rule defines, every other kind of token, every keyword and every built-in function must be
/// colored by some pattern, so that a token added to the language without a color fails here. TextMate's regexes are
/// Oniguruma's; the ones in the grammar keep to the part .NET's Regex reads the same way.
/// </summary>
public sealed class TextMateGrammarTests
{
    /// <summary>Lexer rules that are not lists of literals, each with a text it matches, which the grammar must color whole.</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["FLOAT"] = "2.5e-3",
        ["INT"] = "42",
        ["STRING"] = "\"data.tsv\"",
        ["UNTERMINATED_STRING"] = "\"data.tsv",
        ["ID"] = "enc.Hidden'",
    };

    /// <summary>Lexer rules that have no color: layout, and the catch-all that the parser reports.</summary>
    private static readonly string[] Uncolored = ["NEWLINE", "WHITESPACE", "UNKNOWN_CHAR"];

    [Fact]
    public void Every_literal_of_the_lexer_is_colored_whole()
    {
        var rules = LexerRules();
        var checkedLiterals = 0;
        foreach (var (name, body) in rules)
        {
            if (!IsLiteralList(body))
                continue;
            foreach (var literal in Literals(body))
            {
                Assert.True(Patterns().Any(p => MatchesWhole(p.Regex, literal)), $"{name}'s literal '{literal}' has no pattern in the TextMate grammar");
                checkedLiterals++;
            }
        }
        // The g4 has about 40 literals; far fewer means the rules were not found.
        Assert.True(checkedLiterals > 30, $"only {checkedLiterals} literals were read from the grammar");
    }

    [Fact]
    public void Every_other_lexer_rule_has_a_sample_that_is_colored_or_is_known_to_have_no_color()
    {
        foreach (var (name, body) in LexerRules().Where(r => !IsLiteralList(r.Body)))
        {
            if (name == "LINE_COMMENT")
            {
                foreach (var start in Literals(body))
                    Assert.Contains(Patterns(), p => p.Scope.StartsWith("comment.", StringComparison.Ordinal) && MatchesWhole(p.Regex, start + " a comment"));
                continue;
            }
            if (Uncolored.Contains(name))
                continue;
            Assert.True(Samples.TryGetValue(name, out var sample), $"the lexer rule {name} is new: give it a sample here and a pattern in the TextMate grammar");
            Assert.True(Patterns().Any(p => MatchesWhole(p.Regex, sample) || p.IsBegin && Regex.IsMatch(sample, "^(?:" + p.Regex + ")")),
                $"{name}'s sample {sample} has no pattern in the TextMate grammar");
        }
    }

    [Fact]
    public void Every_keyword_and_builtin_function_is_colored_as_one()
    {
        foreach (var keyword in Keywords.All)
            Assert.Contains(Patterns(), p => (p.Scope.StartsWith("keyword.", StringComparison.Ordinal) || p.Scope.StartsWith("storage.type", StringComparison.Ordinal)) && MatchesWhole(p.Regex, keyword));
        foreach (var function in BuiltinFunction.Names)
        {
            Assert.Contains(Patterns(), p => p.Scope.StartsWith("support.function", StringComparison.Ordinal)
                && Regex.Match(function + "(x)", "^(?:" + p.Regex + ")") is { Success: true } m && m.Length == function.Length);
        }
    }

    /// <summary>The lexer's rules (upper-case names, fragments left out) with their bodies, one rule a line as the g4 writes them.</summary>
    private static List<(string Name, string Body)> LexerRules()
    {
        var text = File.ReadAllText(Repository.PathOf("grammar", "TensorLogic.g4"));
        return Regex.Matches(text, @"^([A-Z][A-Z_]*)\s*:(.*);\s*$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, Regex.Replace(m.Groups[2].Value, @"->\s*\w+", "").Trim()))
            .ToList();
    }

    private const string LiteralPattern = @"'((?:\\.|[^'\\])*)'";

    private static bool IsLiteralList(string body) => Regex.Replace(body, LiteralPattern, "").Replace("|", "").Trim().Length == 0;

    private static IEnumerable<string> Literals(string body) =>
        Regex.Matches(body, LiteralPattern).Select(m => Unescape(m.Groups[1].Value));

    /// <summary>ANTLR's escapes in a literal: \uXXXX, \', \\ and the control characters.</summary>
    private static string Unescape(string literal) =>
        Regex.Replace(literal, @"\\(u[0-9A-Fa-f]{4}|.)", m => m.Groups[1].Value switch
        {
            ['u', ..] hex => ((char)int.Parse(hex[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
            "n" => "\n",
            "r" => "\r",
            "t" => "\t",
            var other => other,
        });

    private sealed record Pattern(string Scope, string Regex, bool IsBegin);

    private static List<Pattern>? _patterns;

    /// <summary>Every match and begin regex of the grammar, wherever it is nested, with its scope name.</summary>
    private static List<Pattern> Patterns()
    {
        if (_patterns is not null)
            return _patterns;
        var grammar = JsonNode.Parse(File.ReadAllText(Repository.PathOf("editors", "vscode", "syntaxes", "tensorlogic.tmLanguage.json")))!;
        var found = new List<Pattern>();
        Collect(grammar, found);
        return _patterns = found;
    }

    private static void Collect(JsonNode? node, List<Pattern> found)
    {
        switch (node)
        {
            case JsonObject obj:
                var scope = (string?)obj["name"] ?? "";
                if (obj["match"] is JsonValue match)
                    found.Add(new Pattern(scope, (string)match!, IsBegin: false));
                if (obj["begin"] is JsonValue begin)
                    found.Add(new Pattern(scope, (string)begin!, IsBegin: true));
                foreach (var (_, child) in obj)
                    Collect(child, found);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Collect(child, found);
                break;
        }
    }

    private static bool MatchesWhole(string pattern, string text) => Regex.IsMatch(text, "^(?:" + pattern + ")$");
}
