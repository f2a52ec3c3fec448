using System.Collections.Immutable;
using Antlr4.Runtime.Tree;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using P = TensorLogic.Syntax.Generated.TensorLogicParser;

namespace TensorLogic.Syntax.Parsing;

// The learning directives: learn Loss wrt W1, B1 with lr=0.01   fixed T, Scale   init W1, W2 with scheme=he.
// The grammar accepts any "word list (word list)*"; the words and what each list may hold are checked here,
// where a misspelt word can be named and the nearest right one suggested.
internal sealed partial class SyntaxBuilder
{
    /// <summary>Each statement word with the clauses it may have, in the order they must come.</summary>
    private static readonly Dictionary<string, string[]> DirectiveClauses = new(StringComparer.Ordinal)
    {
        ["learn"] = ["wrt", "with"],
        ["fixed"] = [],
        ["init"] = ["with"],
        ["input"] = [],
        ["param"] = [],
    };

    private static readonly Dictionary<string, string> DirectiveForms = new(StringComparer.Ordinal)
    {
        ["learn"] = "the form is: learn Loss [wrt W1, W2] [with name=value, ...]",
        ["fixed"] = "the form is: fixed T1, T2",
        ["init"] = "the form is: init W1, W2 [with scheme=he, scale=0.5]",
        ["input"] = "the form is: input X, Edge",
        ["param"] = "the form is: param Hidden=16, Out",
    };

    private IEnumerable<Statement> BuildDirective(P.DirectiveContext context, TextSpan span)
    {
        var word = context.ID(0);
        if (!DirectiveClauses.TryGetValue(word.GetText(), out var clauses))
        {
            Report(Catalog.UnknownStatementWord, SpanOf(word), $"unknown statement word '{word.GetText()}'",
                NameSuggestions.Help(word.GetText(), DirectiveClauses.Keys)
                    ?? "a line that starts with two names is a learning directive (learn, fixed or init) or a module header (input or param)");
            return [];
        }
        var statement = word.GetText();
        if (statement is "input" or "param")
            return BuildModuleHeader(statement, context, span);
        var tensors = DirectiveNames(statement, context.directiveList(0));
        var learned = ImmutableArray<Identifier>.Empty;
        var settings = ImmutableArray<Setting>.Empty;
        var nextClause = 0;
        for (var k = 1; k < context.ID().Length; k++)
        {
            var clause = context.ID(k);
            var position = Array.IndexOf(clauses, clause.GetText());
            if (position < 0)
            {
                ReportUnknownClause(statement, clauses, clause);
                return [];
            }
            if (position < nextClause)
            {
                var problem = position == nextClause - 1 ? "comes twice" : $"must come before '{clauses[nextClause - 1]}'";
                Report(Catalog.MalformedDirective, SpanOf(clause), $"'{clause.GetText()}' {problem} in {Statement(statement)}",
                    DirectiveForms[statement]);
                return [];
            }
            nextClause = position + 1;
            if (clause.GetText() == "wrt")
                learned = DirectiveNames("wrt", context.directiveList(k));
            else
                settings = DirectiveSettings(context.directiveList(k));
        }
        return statement switch
        {
            "learn" => BuildLearn(tensors, learned, settings, span),
            "fixed" => [new FixedStatement(tensors, span)],
            _ => [new InitStatement(tensors, settings, span)],
        };
    }

    private IEnumerable<Statement> BuildLearn(
        ImmutableArray<Identifier> losses, ImmutableArray<Identifier> learned, ImmutableArray<Setting> settings, TextSpan span)
    {
        if (losses.Length > 1)
        {
            Report(Catalog.MalformedDirective, losses[1].Span.Cover(losses[^1].Span), $"a learn statement names one loss, not {losses.Length}",
                $"add the losses in an equation and learn that: Loss = {string.Join(" + ", losses.Select(l => l.Text))}");
            return [];
        }
        return losses.IsEmpty ? [] : [new LearnStatement(losses[0], learned, settings, span)];
    }

    private void ReportUnknownClause(string statement, string[] clauses, ITerminalNode clause)
    {
        var text = clause.GetText();
        var knownElsewhere = DirectiveClauses.Values.Any(c => c.Contains(text));
        var message = knownElsewhere
            ? $"{Statement(statement)} has no '{text}' clause"
            : $"unknown word '{text}' in {Statement(statement)}";
        var help = knownElsewhere ? null : NameSuggestions.Help(text, clauses);
        Report(Catalog.MalformedDirective, SpanOf(clause), message, help ?? DirectiveForms[statement]);
    }

    /// <summary>"a learn statement", "an init statement".</summary>
    private static string Statement(string word) => (word[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + word + " statement";

    /// <summary>The tensor names of a list; <paramref name="owner"/> names the word the list follows, for messages.</summary>
    private ImmutableArray<Identifier> DirectiveNames(string owner, P.DirectiveListContext list)
    {
        var names = ImmutableArray.CreateBuilder<Identifier>();
        foreach (var item in list.directiveItem())
        {
            if (item.settingValue() is not null)
            {
                Report(Catalog.MalformedDirective, SpanOf(item), $"'{owner}' is followed by tensor names, not by the setting '{item.GetText()}'",
                    "settings come after 'with': learn Loss with lr=0.01, init W with scheme=he");
                continue;
            }
            names.Add(Identifier(item.ID()));
        }
        return names.ToImmutable();
    }

    private ImmutableArray<Setting> DirectiveSettings(P.DirectiveListContext list)
    {
        var settings = ImmutableArray.CreateBuilder<Setting>();
        var seen = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        foreach (var item in list.directiveItem())
        {
            var name = Identifier(item.ID());
            if (item.settingValue() is not { } value)
            {
                Report(Catalog.MalformedDirective, name.Span, $"setting '{name.Text}' has no value",
                    "settings are written name=value, as in optimizer=adam or lr=0.01");
                continue;
            }
            if (seen.TryGetValue(name.Text, out var first))
            {
                Report(Catalog.MalformedDirective, SpanOf(item), $"setting '{name.Text}' is given twice", "keep one of them",
                    new DiagnosticNote(Location(first), "first given here"));
                continue;
            }
            seen.Add(name.Text, SpanOf(item));
            settings.Add(new Setting(name, BuildSettingValue(value), SpanOf(item)));
        }
        return settings.ToImmutable();
    }

    private SettingValue BuildSettingValue(P.SettingValueContext context)
    {
        var span = SpanOf(context);
        if (context.ID() is { } name)
            return new NameSettingValue(Identifier(name), span);
        if (context.STRING() is { } text)
            return new StringSettingValue(String(text).Value, span);
        var (value, written) = ParseNumber(context.number());
        return context.MINUS() is null
            ? new NumberSettingValue(value, written, span)
            : new NumberSettingValue(-value, "-" + written, span);
    }
}
