using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 1: find every tensor, its rank, its virtual position, and the evidence that it is Boolean.
public sealed partial class Binder
{
    private void CollectTensors()
    {
        foreach (var statement in _program.Statements.Where(s => s.Statement is DeclarationStatement))
            Declare(statement, (DeclarationStatement)statement.Statement);
        foreach (var statement in _program.Statements)
            CollectTensors(statement);
        foreach (var info in _tensorOrder)
            DecideType(info);
    }

    private void Declare(SourceStatement statement, DeclarationStatement declaration)
    {
        var location = At(statement, declaration);
        var name = declaration.Name.Text;
        if (!declaration.Name.IsCapitalized)
        {
            _diagnostics.Report(Catalog.LowercaseTensorName, At(statement, declaration.Name),
                $"tensor name '{name}' starts with a lowercase letter", "lowercase names are index variables and functions; capitalize tensor names");
            return;
        }
        var info = GetOrAdd(name, location);
        if (info.Declaration is not null)
        {
            _diagnostics.Report(Catalog.DuplicateDeclaration, location, $"tensor '{name}' is declared twice", null,
                new DiagnosticNote(info.DeclarationLocation!.Value, "first declared here"));
            return;
        }
        info.Declaration = declaration;
        info.DeclarationLocation = location;
        info.Symbol.IsDeclared = true;
        info.DeclaredType = declaration.TypeName.Text switch
        {
            "bool" or "boolean" => ElementType.Boolean,
            "real" or "float" => ElementType.Real,
            "int" or "integer" => ElementType.Integer,
            _ => null,
        };
        if (info.DeclaredType is null)
        {
            _diagnostics.Report(Catalog.UnknownType, At(statement, declaration.TypeName),
                $"unknown type '{declaration.TypeName.Text}'",
                NameSuggestions.Help(declaration.TypeName.Text, ["bool", "real", "int"]) ?? "the types are bool, real and int");
        }
        RegisterRank(info, declaration.Dimensions.Length, -1, location);
    }

    private void CollectTensors(SourceStatement statement)
    {
        switch (statement.Statement)
        {
            case FactStatement fact:
                var factInfo = Reference(statement, fact.Fact, Usage.Define);
                if (factInfo is not null)
                {
                    MarkBoolean(factInfo, At(statement, fact.Fact), "it has facts");
                    factInfo.HasData = true;
                    factInfo.DefinitionCount++;
                }
                break;
            case RuleStatement rule:
                var head = Reference(statement, rule.Head, Usage.Define);
                if (head is not null)
                {
                    MarkBoolean(head, At(statement, rule.Head), "it is the head of a rule");
                    head.HasEquations = true;
                    head.DefinitionCount++;
                }
                foreach (var literal in rule.Body.OfType<AtomLiteral>())
                {
                    if (IsIndexPredicate(literal.Atom.Name.Text))
                        continue;
                    if (Reference(statement, literal.Atom, Usage.Read) is { } body)
                        MarkBoolean(body, At(statement, literal.Atom), "it is used in a rule body");
                }
                break;
            case EquationStatement equation:
                CollectEquationTensors(statement, equation);
                break;
            case LiteralStatement literal:
                var literalInfo = Reference(statement, literal.Target, Usage.DefineData);
                if (literalInfo is not null)
                {
                    literalInfo.HasData = true;
                    literalInfo.DefinitionCount++;
                    // A literal lists every element, so a second one could only silently add to or replace the first.
                    if (literalInfo.LiteralLocation is { } first)
                    {
                        _diagnostics.Report(Catalog.LiteralRedefined, At(statement, literal),
                            $"tensor '{literalInfo.Name}' is given by a literal twice",
                            "keep one literal, or give the other tensor a name of its own",
                            new DiagnosticNote(first, "first given here"));
                    }
                    literalInfo.LiteralLocation ??= At(statement, literal);
                    RegisterRank(literalInfo, LiteralRank(literal.Value), -1, At(statement, literal.Value));
                }
                break;
            case FileReadStatement read:
                var readInfo = Reference(statement, read.Target, Usage.DefineData);
                if (readInfo is not null)
                {
                    readInfo.HasData = true;
                    readInfo.DefinitionCount++;
                    if (Path.GetExtension(read.Path.Value).Equals(".txt", StringComparison.OrdinalIgnoreCase))
                        MarkBoolean(readInfo, At(statement, read), "it is read from a text file");
                }
                break;
            case FileWriteStatement write:
                if (Reference(statement, write.Source, Usage.Output) is { } written)
                    written.IsOutput = true;
                break;
            case QueryStatement query:
                if (Reference(statement, query.Target, Usage.Output) is { } queried)
                    queried.IsOutput = true;
                break;
        }
    }

    private void CollectEquationTensors(SourceStatement statement, EquationStatement equation)
    {
        var target = Reference(statement, equation.Target, Usage.Define, SliceCount(equation.Value));
        if (target is not null)
        {
            target.HasEquations = true;
            target.DefinitionCount++;
        }
        var variables = EquationVariableNames(equation);
        // Outside a loop, a looped tensor read without its virtual index is its final state, as a query shows it.
        var read = equation.Target.Indices.Any(i => i is VirtualIndex) ? Usage.Read : Usage.ReadAfterLoop;
        foreach (var expression in Descendants(equation.Value))
        {
            switch (expression)
            {
                case TensorExpression tensor when !IsIndexPredicate(tensor.Reference.Name.Text):
                    Reference(statement, tensor.Reference, read);
                    break;
                case NameExpression name when !variables.Contains(name.Name.Text) && BuiltinFunction.Find(name.Name.Text) is not null:
                    ReportBuiltinAsTensor(At(statement, name), name.Name.Text, isDefinition: false);
                    break;
                case NameExpression name when name.Name.IsCapitalized || !variables.Contains(name.Name.Text):
                    var scalar = GetOrAdd(name.Name.Text, At(statement, name));
                    scalar.FirstRead ??= At(statement, name);
                    if (!name.Name.IsCapitalized)
                        _bareNameReads.TryAdd(name.Name.Text, At(statement, name));
                    RegisterRank(scalar, 0, -1, At(statement, name), checkVirtual: read == Usage.Read);
                    break;
            }
        }
    }

    private enum Usage
    {
        Read,

        /// <summary>A read in an equation that is not a loop: a looped tensor may be read there without its virtual index.</summary>
        ReadAfterLoop,
        Define,
        DefineData,
        Output,
    }

    /// <summary>Registers one written reference: its name's case, rank and virtual index.</summary>
    private TensorInfo? Reference(SourceStatement statement, TensorReference reference, Usage usage, int impliedRank = 0)
    {
        var location = At(statement, reference);
        var name = reference.Name.Text;
        // Checked before the case of the name: every built-in is lowercase, and "write 'Exp'" would be the wrong advice.
        if (BuiltinFunction.Find(name) is not null)
        {
            ReportBuiltinAsTensor(At(statement, reference.Name), name, usage is Usage.Define or Usage.DefineData);
            return null;
        }
        if (!reference.Name.IsCapitalized && reference.Style != ReferenceStyle.Scalar)
        {
            var descriptor = reference.Style == ReferenceStyle.Paren ? Catalog.LowercaseRelationName : Catalog.LowercaseTensorName;
            var what = reference.Style == ReferenceStyle.Paren ? "relation" : "tensor";
            _diagnostics.Report(descriptor, At(statement, reference.Name), $"{what} name '{name}' starts with a lowercase letter",
                $"lowercase names are index variables and functions; write '{char.ToUpperInvariant(name[0])}{name[1..]}'");
            return null;
        }
        var info = GetOrAdd(name, location);
        if (usage is Usage.Read or Usage.ReadAfterLoop or Usage.Output)
            info.FirstRead ??= location;
        if (reference.Style == ReferenceStyle.Paren)
            MarkBoolean(info, location, "it is written with parentheses");

        var virtualItems = reference.Indices.Select((item, position) => (item, position)).Where(p => p.item is VirtualIndex).ToList();
        if (virtualItems.Count > 1)
        {
            _diagnostics.Report(Catalog.VirtualIndexMisuse, At(statement, virtualItems[1].item), "a tensor can have at most one virtual index");
            return info;
        }
        var virtualPosition = virtualItems.Count == 1 ? virtualItems[0].position : -1;
        // A bare name in a query or write means the whole tensor; on a data statement the data sets the rank.
        if (reference.Style == ReferenceStyle.Scalar && usage is Usage.Output or Usage.DefineData)
            return info;
        var storedRank = reference.Style == ReferenceStyle.Scalar ? impliedRank : reference.Indices.Length - virtualItems.Count;
        // A query shows the current slice of a virtual tensor, so it names only the stored positions.
        RegisterRank(info, storedRank, virtualPosition, location, checkVirtual: usage is not (Usage.Output or Usage.ReadAfterLoop) || virtualPosition >= 0);
        return info;
    }

    private void ReportBuiltinAsTensor(SourceLocation location, string name, bool isDefinition)
    {
        if (isDefinition)
        {
            _diagnostics.Report(Catalog.AssignToBuiltin, location, $"'{name}' is a built-in function and cannot be defined",
                $"give the tensor a capitalized name, such as '{char.ToUpperInvariant(name[0])}{name[1..]}'");
        }
        else
        {
            _diagnostics.Report(Catalog.FunctionAsTensor, location, $"'{name}' is a function, not a tensor",
                $"call it with an argument: {name}(...)");
        }
    }

    private bool RegisterRank(TensorInfo info, int rank, int virtualPosition, SourceLocation location, bool checkVirtual = true)
    {
        if (info.Rank < 0)
        {
            info.Rank = rank;
            info.RankLocation = location;
            info.Positions = [.. Enumerable.Range(0, rank).Select(p => new DomainNode($"{info.Name}.{p}", location) { PositionLabel = $"{info.Name}.{p}" })];
        }
        else if (info.Rank != rank)
        {
            _diagnostics.Report(Catalog.RankMismatch, location,
                $"tensor '{info.Name}' has rank {rank} here but rank {info.Rank} elsewhere",
                "every use of a tensor must have the same number of indices",
                new DiagnosticNote(info.RankLocation!.Value, $"'{info.Name}' has rank {info.Rank} here"));
            return false;
        }
        if (!checkVirtual)
            return true;
        if (info.VirtualLocation is null && virtualPosition >= 0)
        {
            info.VirtualPosition = virtualPosition;
            info.VirtualLocation = location;
            info.Symbol.VirtualPosition = virtualPosition;
        }
        else if (info.VirtualLocation is { } first && info.VirtualPosition != virtualPosition)
        {
            _diagnostics.Report(Catalog.VirtualIndexMisuse, location,
                virtualPosition < 0
                    ? $"tensor '{info.Name}' has a virtual index, so every use in a loop must mark it ('*t'); outside loops, '{info.Name}' without it reads the final state"
                    : $"tensor '{info.Name}' has its virtual index at position {info.VirtualPosition + 1}, not {virtualPosition + 1}",
                null,
                new DiagnosticNote(first, "the virtual index is declared by this use"));
            return false;
        }
        return true;
    }

    private void MarkBoolean(TensorInfo info, SourceLocation location, string reason)
    {
        info.BooleanEvidence ??= location;
        info.BooleanReason ??= reason;
    }

    private void DecideType(TensorInfo info)
    {
        if (info.DeclaredType is { } declared)
        {
            info.Symbol.Type = declared;
            if (declared != ElementType.Boolean && info.BooleanEvidence is { } evidence)
            {
                _diagnostics.Report(Catalog.TypeMismatch, evidence,
                    $"tensor '{info.Name}' is declared {info.Declaration!.TypeName.Text} but is used as a Boolean here ({info.BooleanReason})",
                    "write it with square brackets, or declare it bool",
                    new DiagnosticNote(info.DeclarationLocation!.Value, "declared here"));
            }
            return;
        }
        info.Symbol.Type = info.BooleanEvidence is null ? ElementType.Real : ElementType.Boolean;
    }

    private static int LiteralRank(TensorLiteral literal) =>
        literal.Elements.FirstOrDefault() is TensorLiteral nested ? 1 + LiteralRank(nested) : 1;

    private static int SliceCount(Expression expression) =>
        Descendants(expression).OfType<TensorExpression>().Sum(t => t.Reference.Indices.Count(i => i is SliceIndex));

    /// <summary>The expression and all its subexpressions, pre-order.</summary>
    internal static IEnumerable<Expression> Descendants(Expression expression)
    {
        yield return expression;
        var children = expression switch
        {
            CallExpression call => call.Arguments.AsEnumerable(),
            NegateExpression negate => [negate.Operand],
            BinaryExpression binary => [binary.Left, binary.Right],
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
                yield return descendant;
        }
    }

    /// <summary>The names of an equation's index variables: lowercase names in any index position.</summary>
    internal static HashSet<string> EquationVariableNames(EquationStatement equation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var references = Descendants(equation.Value).OfType<TensorExpression>().Select(t => t.Reference).Prepend(equation.Target);
        foreach (var reference in references)
        {
            foreach (var item in reference.Indices)
                names.UnionWith(IndexNames(item).Where(n => !n.IsCapitalized).Select(n => n.Text));
        }
        return names;
    }

    internal static IEnumerable<Identifier> IndexNames(IndexItem item) => item switch
    {
        PlainIndex plain => IndexNames(plain.Expression),
        VirtualIndex virtualIndex => IndexNames(virtualIndex.Expression),
        SliceIndex slice => (slice.From is null ? [] : IndexNames(slice.From)).Concat(slice.To is null ? [] : IndexNames(slice.To)),
        _ => [],
    };

    internal static IEnumerable<Identifier> IndexNames(IndexExpression expression) => expression switch
    {
        IndexName name => [name.Name],
        IndexBinary binary => IndexNames(binary.Left).Concat(IndexNames(binary.Right)),
        IndexNegate negate => IndexNames(negate.Operand),
        _ => [],
    };
}
