using System.Collections.Immutable;
using System.Globalization;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 7: facts, literals and files become the initial data of their tensors, and queries and writes the
// program's outputs, all with symbols turned into their numbers.
public sealed partial class Binder
{
    private ImmutableArray<BoundData> BindData()
    {
        var data = ImmutableArray.CreateBuilder<BoundData>();
        foreach (var statement in _program.Statements)
        {
            var bound = statement.Statement switch
            {
                FactStatement fact => BindFact(statement, fact),
                LiteralStatement literal => BindLiteral(statement, literal),
                FileReadStatement read when _fileContents.TryGetValue(read, out var content) => BindFile(statement, read, content),
                _ => null,
            };
            if (bound is not null)
                data.Add(statement.Statement is FileReadStatement ? bound with { FromFile = true } : bound);
        }
        return data.ToImmutable();
    }

    private BoundData? BindFact(SourceStatement statement, FactStatement fact)
    {
        if (Find(fact.Fact.Name.Text) is not { } info || info.Symbol.Rank != fact.Fact.Indices.Length)
            return null;
        var context = new BindingContext(statement, ScopeOf(fact));
        var tuple = new int[info.Symbol.Rank];
        for (var p = 0; p < tuple.Length; p++)
        {
            if (fact.Fact.Indices[p] is not PlainIndex plain || BindIndex(plain.Expression, info.Symbol.Domains[p], context) is not { } index)
                return null;
            tuple[p] = (int)index.Evaluate([]);
        }
        return new SparseData(info.Symbol, tuple, 1, null, At(statement, fact));
    }

    private BoundData? BindLiteral(SourceStatement statement, LiteralStatement literal)
    {
        if (Find(literal.Target.Name.Text) is not { } info)
            return null;
        var values = new List<double>();
        Flatten(literal.Value, values);
        var location = At(statement, literal);
        return CheckBooleanValues(info, values, location) && CheckIntegerValues(info, values, location)
            ? new DenseData(info.Symbol, [.. values], location)
            : null;
    }

    private static void Flatten(TensorLiteral literal, List<double> values)
    {
        foreach (var element in literal.Elements)
        {
            if (element is TensorLiteral nested)
                Flatten(nested, values);
            else if (element is LiteralNumber number)
                values.Add(number.Value);
        }
    }

    private bool CheckBooleanValues(TensorInfo info, IEnumerable<double> values, SourceLocation location)
    {
        if (!info.Symbol.IsBoolean || values.All(v => v is 0 or 1))
            return true;
        var bad = values.First(v => v is not (0 or 1));
        // A declared bool has no other evidence; otherwise point at the use that made the tensor Boolean.
        var reason = info.BooleanReason ?? $"it is declared {info.Declaration?.TypeName.Text}";
        var cause = info.BooleanEvidence ?? info.DeclarationLocation;
        DiagnosticNote[] notes = cause is { } at && at != location ? [new DiagnosticNote(at, $"'{info.Name}' is Boolean because of this")] : [];
        _diagnostics.Report(Catalog.BooleanAssignedReal, location,
            $"'{info.Name}' is Boolean ({reason}), but this gives it the value {bad.ToString(CultureInfo.InvariantCulture)}",
            "Boolean tensors hold only 0 and 1; use a separate real tensor for the numbers",
            notes);
        return false;
    }

    /// <summary>
    /// A tensor declared int holds whole numbers that a double (what it computes in) holds exactly, up to 2^53
    /// either way: W : int[3] with W = [1.5, 2, 3], or C : int with C = 1e30, contradicts its declaration.
    /// </summary>
    private bool CheckIntegerValues(TensorInfo info, IEnumerable<double> values, SourceLocation location)
    {
        static bool Fits(double v) => v == Math.Floor(v) && Math.Abs(v) <= MaxExactInteger;
        if (info.Symbol.Type != ElementType.Integer || values.All(Fits))
            return true;
        var bad = values.First(v => !Fits(v));
        var whole = bad == Math.Floor(bad);
        _diagnostics.Report(Catalog.DeclarationConflict, location,
            $"'{info.Name}' is declared {info.Declaration?.TypeName.Text}, but this gives it the value {bad.ToString(CultureInfo.InvariantCulture)}"
                + (whole ? ", beyond the whole numbers an int holds exactly (±2^53)" : ""),
            whole ? "give it whole numbers of at most 9007199254740992 in size, or declare it real" : "give it whole numbers, or declare it real",
            info.DeclarationLocation is { } declared ? [new DiagnosticNote(declared, "declared here")] : []);
        return false;
    }

    private const double MaxExactInteger = 9007199254740992;

    private BoundData? BindFile(SourceStatement statement, FileReadStatement read, DataContent content)
    {
        if (Find(read.Target.Name.Text) is not { } info)
            return null;
        var location = At(statement, read);
        var symbol = info.Symbol;
        switch (content)
        {
            case DenseContent { Singles: { } singles } when symbol.Type == ElementType.Real:
                return new DenseData(symbol, singles, location);
            case DenseContent dense:
                return CheckBooleanValues(info, dense.Values, location) && CheckIntegerValues(info, dense.Values, location)
                    ? new DenseData(symbol, dense.Values, location)
                    : null;
            case WordsContent words:
                // Word i is at position i: the tuples (0, word 0), (1, word 1), ...
                var wordTuples = new int[2 * words.Words.Length];
                for (var position = 0; position < words.Words.Length; position++)
                {
                    wordTuples[2 * position] = position;
                    wordTuples[2 * position + 1] = symbol.Domains[1].Symbols.TryGetId(words.Words[position], out var id) ? id : 0;
                }
                return new SparseData(symbol, wordTuples, words.Words.Length, null, location);
            case TableContent table:
                return BindTable(symbol, table, location);
            default:
                return null;
        }
    }

    private ImmutableArray<BoundOutput> BindOutputs()
    {
        var outputs = ImmutableArray.CreateBuilder<BoundOutput>();
        foreach (var statement in _program.Statements)
        {
            switch (statement.Statement)
            {
                case QueryStatement query when Find(query.Target.Name.Text) is { } info:
                    if (BindQuery(statement, query, info) is { } bound)
                        outputs.Add(bound);
                    break;
                case FileWriteStatement write when Find(write.Source.Name.Text) is { } info:
                    outputs.Add(new BoundFileWrite(info.Symbol, ResolvePath(write.Path.Value, statement), At(statement, write)));
                    break;
            }
        }
        return outputs.ToImmutable();
    }

    private BoundQuery? BindQuery(SourceStatement statement, QueryStatement query, TensorInfo info)
    {
        var location = At(statement, query);
        var text = Formatter.Format(query);
        if (!info.HasData && !info.HasEquations && info.Symbol.ConstantValue is null && info.Declaration is not null)
        {
            _diagnostics.Report(Catalog.QueryOfUndefined, location,
                $"'{info.Name}' has no data or equations, so every element is 0",
                "it is declared but nothing defines it; give it data or an equation unless it is meant to be empty");
        }
        var symbol = info.Symbol;
        if (query.Target.Style == ReferenceStyle.Scalar)
        {
            var free = Enumerable.Range(0, symbol.Rank).Select(p => new IndexVariable($"${p}", symbol.Domains[p], p)).ToImmutableArray();
            return new BoundQuery(symbol, [.. free.Select(v => (BoundIndex)new VariableIndex(v))], free, false, text, location);
        }
        var context = NewContext(statement, [query.Target]);
        var pattern = ImmutableArray.CreateBuilder<BoundIndex>();
        var stored = query.Target.Indices.Where(i => i is not VirtualIndex).ToList();
        for (var p = 0; p < stored.Count && p < symbol.Rank; p++)
        {
            var item = stored[p];
            if (item is not PlainIndex { Expression: IndexName or IndexNumber or IndexSymbol } plain)
            {
                _diagnostics.Report(Catalog.InvalidQueryIndex, At(statement, item),
                    "a query index must be a variable (listed in the answer) or a constant",
                    "compute the index in an equation and query its result");
                return null;
            }
            if (BindIndex(plain.Expression, symbol.Domains[p], context) is not { } index)
                return null;
            if (index is ConstantIndex { Value: < 0 } unknown)
            {
                _diagnostics.Report(Catalog.DataIndexOutOfRange, At(statement, item),
                    $"'{unknown.Text}' does not occur in the domain {symbol.Domains[p].Name} of '{info.Name}'",
                    NameSuggestions.Help(unknown.Text, symbol.Domains[p].Symbols.Names));
                return null;
            }
            if (index is ConstantIndex { Value: var value } && symbol.Domains[p] is { Kind: DomainKind.Integer } domain && value >= domain.Size)
            {
                _diagnostics.Report(Catalog.DataIndexOutOfRange, At(statement, item),
                    $"index {value} is outside the domain {domain.Name} of '{info.Name}', which has size {domain.Size}");
                return null;
            }
            pattern.Add(index);
        }
        var variables = pattern.SelectMany(i => i.Variables()).Distinct().ToImmutableArray();
        return new BoundQuery(symbol, pattern.ToImmutable(), variables, true, text, location);
    }
}
