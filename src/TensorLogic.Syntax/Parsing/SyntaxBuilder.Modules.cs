using System.Collections.Immutable;
using Antlr4.Runtime.Tree;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using P = TensorLogic.Syntax.Generated.TensorLogicParser;

namespace TensorLogic.Syntax.Parsing;

// Imports and module headers:  import "std/nn.tl" as enc with X=Features, Hidden=64   input X   param Hidden=16.
// The grammar reads an import as a path followed by words each with a list, and a header like a directive;
// which words exist and what each list may hold is checked here.
internal sealed partial class SyntaxBuilder
{
    private static readonly string[] ImportClauses = ["as", "with"];

    private const string ImportForm = "the form is: import \"file.tl\" [as name [with Input=Tensor, Param=number, ...]]";

    private IEnumerable<Statement> BuildImport(P.ImportStatementContext context, TextSpan span)
    {
        var word = context.ID(0);
        if (word.GetText() != "import")
        {
            Report(Catalog.UnknownStatementWord, SpanOf(word), $"unknown statement word '{word.GetText()}'",
                "a line that starts with a name followed by a string must be an import: import \"file.tl\"");
            return [];
        }
        Identifier? alias = null;
        var arguments = ImmutableArray<Setting>.Empty;
        ITerminalNode? withWord = null;
        var nextClause = 0;
        for (var k = 0; k < context.directiveList().Length; k++)
        {
            var clause = context.ID(k + 1);
            var position = Array.IndexOf(ImportClauses, clause.GetText());
            if (position < 0)
            {
                Report(Catalog.MalformedImport, SpanOf(clause), $"unknown word '{clause.GetText()}' in an import",
                    NameSuggestions.Help(clause.GetText(), ImportClauses) ?? ImportForm);
                return [];
            }
            if (position < nextClause)
            {
                var problem = position == nextClause - 1 ? "comes twice" : $"must come before '{ImportClauses[nextClause - 1]}'";
                Report(Catalog.MalformedImport, SpanOf(clause), $"'{clause.GetText()}' {problem} in an import", ImportForm);
                return [];
            }
            nextClause = position + 1;
            if (position == 0)
            {
                if (ImportAlias(context.directiveList(k)) is not { } name)
                    return [];
                alias = name;
            }
            else
            {
                withWord = clause;
                if (ImportArguments(context.directiveList(k)) is not { } list)
                    return [];
                arguments = list;
            }
        }
        if (withWord is not null && alias is null)
        {
            Report(Catalog.MalformedImport, SpanOf(withWord), "an import with arguments must name its instance",
                "add a name before 'with': import \"file.tl\" as name with ...; the module's tensors are then name.X, name.Y, ...");
            return [];
        }
        return [new ImportStatement(String(context.STRING()), alias, arguments, span)];
    }

    /// <summary>The one plain name after <c>as</c>, or null (reported) when the list is anything else.</summary>
    private Identifier? ImportAlias(P.DirectiveListContext list)
    {
        var items = list.directiveItem();
        if (items.Length != 1 || items[0].settingValue() is not null || Identifier(items[0].ID()).IsQualified)
        {
            Report(Catalog.MalformedImport, SpanOf(list), $"'{list.GetText()}' cannot name an import",
                "an import is named by one name without a '.', as in: import \"std/nn.tl\" as enc");
            return null;
        }
        return Identifier(items[0].ID());
    }

    /// <summary>The <c>Name=value</c> items after <c>with</c>, or null (reported) when one has no value or comes twice.</summary>
    private ImmutableArray<Setting>? ImportArguments(P.DirectiveListContext list)
    {
        var arguments = ImmutableArray.CreateBuilder<Setting>();
        var seen = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        foreach (var item in list.directiveItem())
        {
            var name = Identifier(item.ID());
            if (item.settingValue() is not { } value)
            {
                Report(Catalog.MalformedImport, name.Span, $"argument '{name.Text}' has no value",
                    "arguments are written Name=value: a tensor for an input (X=Features), a number for a parameter (Hidden=64)");
                return null;
            }
            if (seen.TryGetValue(name.Text, out var first))
            {
                Report(Catalog.MalformedImport, SpanOf(item), $"argument '{name.Text}' is given twice", "keep one of them",
                    new DiagnosticNote(Location(first), "first given here"));
                return null;
            }
            seen.Add(name.Text, SpanOf(item));
            arguments.Add(new Setting(name, BuildSettingValue(value), SpanOf(item)));
        }
        return arguments.ToImmutable();
    }

    /// <summary><c>input X, Edge</c> or <c>param Hidden=16, Out</c>, read by the directive rule of the grammar.</summary>
    private IEnumerable<Statement> BuildModuleHeader(string word, P.DirectiveContext context, TextSpan span)
    {
        var form = word == "input" ? "the form is: input X, Edge" : "the form is: param Hidden=16, Out";
        if (context.ID().Length > 1)
        {
            Report(Catalog.MalformedImport, SpanOf(context.ID(1)), $"unexpected '{context.ID(1).GetText()}' in {Statement(word)}", form);
            return [];
        }
        var names = ImmutableArray.CreateBuilder<Identifier>();
        var parameters = ImmutableArray.CreateBuilder<ModuleParameter>();
        foreach (var item in context.directiveList(0).directiveItem())
        {
            var name = Identifier(item.ID());
            if (name.IsQualified)
            {
                Report(Catalog.MalformedImport, name.Span, $"'{name.Text}' cannot be one of a module's own names", "write it without a '.'");
                return [];
            }
            var value = item.settingValue() is { } written ? BuildSettingValue(written) : null;
            if (word == "input" && value is not null)
            {
                Report(Catalog.MalformedImport, SpanOf(item), $"input '{name.Text}' cannot have a value here",
                    $"each importer gives it: import \"file.tl\" as name with {name.Text}=Tensor");
                return [];
            }
            if (value is not null and not NumberSettingValue)
            {
                Report(Catalog.MalformedImport, value.Span, $"the default of parameter '{name.Text}' must be a number",
                    "a parameter is a number (a size, a count, a temperature); a tensor the module reads is an input: input X");
                return [];
            }
            names.Add(name);
            parameters.Add(new ModuleParameter(name, value as NumberSettingValue, SpanOf(item)));
        }
        return word == "input"
            ? [new InputStatement(names.ToImmutable(), span)]
            : [new ParamStatement(parameters.ToImmutable(), span)];
    }
}
