using System.Collections.Immutable;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// The learning directives (learn, fixed, init) become BoundProgram.Learning. They run after the tensors are
// collected, so each named tensor's kind is known (data, computed, Boolean), and before unknown tensors are
// reported, because a tensor named by 'wrt' or 'init' is a parameter: training gives its values, so it needs
// no data, equations or declaration.
public sealed partial class Binder
{
    private BoundLearning? _learning;

    /// <summary>Every tensor a directive names, which counts as a use (no TL2029 for the loss or a fixed tensor).</summary>
    private readonly HashSet<TensorSymbol> _directiveTensors = [];

    private bool HasLearnStatement => _program.Statements.Any(s => s.Statement is LearnStatement);

    private void BindLearning()
    {
        var learns = _program.Statements.Where(s => s.Statement is LearnStatement).ToList();
        foreach (var extra in learns.Skip(1))
        {
            _diagnostics.Report(Catalog.SeveralLearnStatements, extra.Location, "a program has at most one learn statement",
                "put the losses in one equation and learn that (Loss = L1 + L2); give settings in one 'with' list",
                new DiagnosticNote(learns[0].Location, "the first learn statement"));
        }
        var learned = learns.Count == 0 ? [] : BindLearned(learns[0]);
        var fixedTensors = BindFixed(learned);
        var inits = BindInits();
        if (learns.Count == 0)
            return;
        var statement = (LearnStatement)learns[0].Statement;
        var loss = BindLoss(learns[0], statement.Loss);
        var settings = BindSettings(new LearningSettings(), statement.Settings, LearningSettingTable.Learn, learns[0], "a learn statement");
        if (loss is not null)
            _learning = new BoundLearning(loss, [.. learned.Select(l => l.Tensor)], fixedTensors, inits, settings, learns[0].Location);
    }

    private TensorSymbol? BindLoss(SourceStatement statement, Identifier name)
    {
        if (DirectiveTensor(statement, name, "a learn statement") is not { } info)
            return null;
        if (info.Symbol.IsBoolean)
        {
            var why = info.BooleanReason ?? "it is declared bool";
            var note = info.BooleanEvidence ?? info.DeclarationLocation;
            _diagnostics.Report(Catalog.BooleanLoss, At(statement, name), $"the loss '{name.Text}' is Boolean: {why}",
                "a loss must be real to have a gradient, e.g. Loss = (Y[e] - T[e])^2",
                note is { } where ? [new DiagnosticNote(where, "it is Boolean because of this")] : []);
        }
        return info.Symbol;
    }

    /// <summary>The <c>wrt</c> list: tensors that exist and can be learned, each once, with where it was named.</summary>
    private List<(TensorSymbol Tensor, SourceLocation Location)> BindLearned(SourceStatement statement)
    {
        var learned = new List<(TensorSymbol Tensor, SourceLocation Location)>();
        foreach (var name in ((LearnStatement)statement.Statement).Learned)
        {
            if (DirectiveTensor(statement, name, "a learn statement") is not { } info || !IsLearnable(statement, name, info, "wrt"))
                continue;
            info.IsParameter = true;
            if (learned.All(l => l.Tensor != info.Symbol))
                learned.Add((info.Symbol, At(statement, name)));
        }
        return learned;
    }

    private ImmutableArray<TensorSymbol> BindFixed(List<(TensorSymbol Tensor, SourceLocation Location)> learned)
    {
        var fixedTensors = ImmutableArray.CreateBuilder<TensorSymbol>();
        foreach (var statement in _program.Statements.Where(s => s.Statement is FixedStatement))
        {
            foreach (var name in ((FixedStatement)statement.Statement).Tensors)
            {
                if (DirectiveTensor(statement, name, "a fixed statement") is not { } info)
                    continue;
                if (learned.FirstOrDefault(l => l.Tensor == info.Symbol) is { Tensor: not null } both)
                {
                    _diagnostics.Report(Catalog.ConflictingDirectives, At(statement, name), $"tensor '{name.Text}' is both learned and fixed",
                        "remove it from the 'wrt' list or from the fixed statement", new DiagnosticNote(both.Location, "learned here"));
                    continue;
                }
                if (ComputedOrData(info) is { } definition)
                {
                    _diagnostics.Report(Catalog.RedundantFixed, At(statement, name),
                        $"tensor '{name.Text}' is {definition.What}, so it is never learned; 'fixed' changes nothing",
                        "remove it from the fixed statement", new DiagnosticNote(definition.Location, definition.Where));
                }
                if (!fixedTensors.Contains(info.Symbol))
                    fixedTensors.Add(info.Symbol);
            }
        }
        return fixedTensors.ToImmutable();
    }

    private ImmutableArray<BoundInit> BindInits()
    {
        var inits = ImmutableArray.CreateBuilder<BoundInit>();
        foreach (var statement in _program.Statements.Where(s => s.Statement is InitStatement))
        {
            var init = (InitStatement)statement.Statement;
            var choice = BindSettings(new LearningSettingTable.InitChoice(null, null), init.Settings, LearningSettingTable.Init, statement, "an init statement");
            foreach (var name in init.Tensors)
            {
                if (DirectiveTensor(statement, name, "an init statement") is not { } info || !IsLearnable(statement, name, info, "init"))
                    continue;
                info.IsParameter = true;
                if (inits.FirstOrDefault(i => i.Tensor == info.Symbol) is { } first)
                {
                    _diagnostics.Report(Catalog.ConflictingDirectives, At(statement, name), $"tensor '{name.Text}' is initialized twice",
                        "keep one init statement for it", new DiagnosticNote(first.Location, "first initialized here"));
                    continue;
                }
                inits.Add(new BoundInit(info.Symbol, choice.Scheme ?? LearningSettingTable.DefaultScheme, choice.Scale, At(statement, name)));
            }
        }
        return inits.ToImmutable();
    }

    // ------------------------------------------------------------------ tensors

    /// <summary>The tensor a directive names, or TL6001 with the nearest known name.</summary>
    private TensorInfo? DirectiveTensor(SourceStatement statement, Identifier name, string where)
    {
        if (Find(name.Text) is { } info)
        {
            _directiveTensors.Add(info.Symbol);
            return info;
        }
        _diagnostics.Report(Catalog.UnknownDirectiveTensor, At(statement, name), $"unknown tensor '{name.Text}' in {where}",
            NameSuggestions.Help(name.Text, _tensorOrder.Select(t => t.Name))
                ?? "a directive names tensors that the program declares, reads or defines");
        return null;
    }

    /// <summary>A tensor that is data or computed has its values already: it cannot be learned or initialized (TL6006).</summary>
    private bool IsLearnable(SourceStatement statement, Identifier name, TensorInfo info, string word)
    {
        if (ComputedOrData(info) is not { } definition)
            return true;
        var help = word == "init"
            ? "init gives the starting values of learned tensors; remove it from the init statement"
            : "learned tensors are those without data or equations; remove it from the 'wrt' list";
        var verb = word == "init" ? "initialized" : "learned";
        _diagnostics.Report(Catalog.NotLearnable, At(statement, name), $"tensor '{name.Text}' cannot be {verb}: it is {definition.What}",
            help, new DiagnosticNote(definition.Location, definition.Where));
        return false;
    }

    /// <summary>Whether a tensor is data or computed, and the statement that makes it so.</summary>
    private (string What, string Where, SourceLocation Location)? ComputedOrData(TensorInfo info)
    {
        foreach (var statement in _program.Statements)
        {
            var (target, isData) = statement.Statement switch
            {
                FactStatement fact => (fact.Fact, true),
                LiteralStatement literal => (literal.Target, true),
                FileReadStatement read => (read.Target, true),
                EquationStatement equation => (equation.Target, false),
                RuleStatement rule => (rule.Head, false),
                _ => ((TensorReference?)null, false),
            };
            if (target?.Name.Text != info.Name)
                continue;
            return isData
                ? ("data", "its data is given here", statement.Location)
                : ("computed by an equation", "computed here", statement.Location);
        }
        return null;
    }

    // ------------------------------------------------------------------ settings

    /// <summary>Checks each setting against <paramref name="table"/> and sets the fields of <paramref name="start"/>.</summary>
    private T BindSettings<T>(T start, ImmutableArray<Setting> settings, ImmutableArray<SettingDefinition<T>> table, SourceStatement statement, string where)
    {
        var result = start;
        foreach (var setting in settings)
        {
            var definition = table.FirstOrDefault(d => d.Name == setting.Name.Text);
            if (definition is null)
                ReportUnknownSetting(statement, setting.Name, table.Select(d => d.Name).ToList(), where);
            else if (BindSettingValue(statement, setting, definition) is { } value)
                result = definition.Set(result, value);
        }
        return result;
    }

    private void ReportUnknownSetting(SourceStatement statement, Identifier name, List<string> known, string where)
    {
        // A setting of the other statement (scheme in learn, lr in init) is a slip worth naming.
        var owner = LearningSettingTable.Learn.Any(d => d.Name == name.Text) ? "a learn statement"
            : LearningSettingTable.Init.Any(d => d.Name == name.Text) ? "an init statement"
            : null;
        var help = NameSuggestions.Help(name.Text, known)
            ?? (owner is null ? $"the settings of {where} are {string.Join(", ", known)}" : $"'{name.Text}' is a setting of {owner}");
        _diagnostics.Report(Catalog.UnknownSetting, At(statement, name), $"unknown setting '{name.Text}' in {where}", help);
    }

    /// <summary>The value of <paramref name="setting"/> as its definition's type, or null after TL6003 (or TL6001).</summary>
    private object? BindSettingValue<T>(SourceStatement statement, Setting setting, SettingDefinition<T> definition)
    {
        var value = setting.Value;
        switch (definition.Kind, value)
        {
            case (SettingKind.Real, NumberSettingValue number) when definition.InRange(number.Value):
                return number.Value;
            case (SettingKind.Integer, NumberSettingValue { IsInteger: true } number) when definition.InRange(number.Value):
                return (int)number.Value;
            case (SettingKind.Choice, NameSettingValue or StringSettingValue) when definition.Choices.Contains(value.Text):
                return value.Text;
            case (SettingKind.IndexVariable, NameSettingValue { Name.IsCapitalized: false } name):
                return name.Name.Text;
            case (SettingKind.Tensor, NameSettingValue name):
                return DirectiveTensor(statement, name.Name, $"setting '{setting.Name.Text}'")?.Symbol;
        }
        var written = value is StringSettingValue ? $"\"{value.Text}\"" : $"'{value.Text}'";
        var help = definition.Kind == SettingKind.Choice ? NameSuggestions.Help(value.Text, definition.Choices) : null;
        _diagnostics.Report(Catalog.InvalidSettingValue, At(statement, value),
            $"setting '{setting.Name.Text}' must be {definition.Requirement}, not {written}", help);
        return null;
    }
}
