using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Generated;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using P = TensorLogic.Syntax.Generated.TensorLogicParser;

namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// Turns ANTLR's parse tree into the immutable syntax tree. It also makes the decisions the grammar leaves
/// open on purpose: a lowercase name followed by '(' is a function call and a capitalized one a Boolean
/// atom, whose arguments must then be indices; dots and slices are only allowed where they mean something.
/// </summary>
internal sealed partial class SyntaxBuilder
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;

    public SyntaxBuilder(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    public CompilationUnit BuildProgram(IEnumerable<P.ProgramContext> programs)
    {
        var statements = ImmutableArray.CreateBuilder<Statement>();
        foreach (var statement in programs.SelectMany(StatementsWithoutSyntaxErrors))
        {
            var errorsBefore = _diagnostics.Count(d => d.IsError);
            var built = BuildStatement(statement);
            if (_diagnostics.Count(d => d.IsError) == errorsBefore)
                statements.AddRange(built);
        }
        return new CompilationUnit(_source, statements.ToImmutable(), new TextSpan(0, _source.Text.Length));
    }

    /// <summary>
    /// ANTLR already reported the syntax errors; a half-parsed statement would only cause noise later. A
    /// statement followed on its line by tokens the parser skipped (<c>Y = X[i], etc.</c>) has an error too,
    /// but not one whose line ended properly before the skipped tokens began.
    /// </summary>
    private static IEnumerable<P.StatementContext> StatementsWithoutSyntaxErrors(P.ProgramContext program)
    {
        var children = program.children ?? [];
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i] is not P.StatementContext statement || ContainsSyntaxError(statement))
                continue;
            if (i + 1 < children.Count && children[i + 1] is IErrorNode { Symbol.Type: not (TensorLogicLexer.NEWLINE or TensorLogicLexer.DOT) })
                continue;
            yield return statement;
        }
    }

    private static bool ContainsSyntaxError(IParseTree tree) => tree switch
    {
        ParserRuleContext { exception: not null } => true,
        // Every rule but 'program' spans at least one token. An empty one is a token set ("INT | ID") that
        // ANTLR recovered by pretending the missing token was there, without putting it in the tree.
        ParserRuleContext { ChildCount: 0 } => true,
        IErrorNode => true,
        ITerminalNode terminal => terminal.Symbol.TokenIndex < 0,
        ParserRuleContext rule => rule.children?.Any(ContainsSyntaxError) ?? false,
        _ => false,
    };

    // ------------------------------------------------------------------ statements

    private IEnumerable<Statement> BuildStatement(P.StatementContext context)
    {
        var span = SpanOf(context);
        return context.GetChild(0) switch
        {
            P.DeclarationContext declaration => [BuildDeclaration(declaration, span)],
            P.ImportStatementContext import => BuildImport(import, span),
            P.DirectiveContext directive => BuildDirective(directive, span),
            P.QueryContext query => [new QueryStatement(BuildTarget(query.target(), allowLhsMarks: false), span)],
            P.DatalogRuleContext rule => [BuildRule(rule, span)],
            P.FileWriteContext write => [BuildFileWrite(write, span)],
            P.EquationContext equation => [BuildEquation(equation, span)],
            P.FactListContext facts => facts.atom().Select(a => new FactStatement(BuildAtom(a, allowVirtual: false), SpanOf(a))),
            _ => [],
        };
    }

    private DeclarationStatement BuildDeclaration(P.DeclarationContext context, TextSpan span)
    {
        var dimensions = context.dimension().Select(BuildDimension).ToImmutableArray();
        return new DeclarationStatement(Identifier(context.ID(0)), Identifier(context.ID(1)), dimensions, span);
    }

    private Dimension BuildDimension(P.DimensionContext context)
    {
        if (context.ID() is { } id)
            return new NamedDimension(Identifier(id), SpanOf(context));
        var size = (int)Math.Min(ParseInteger(context.INT()), int.MaxValue);
        return new SizeDimension(size, SpanOf(context));
    }

    private RuleStatement BuildRule(P.DatalogRuleContext context, TextSpan span)
    {
        var head = BuildAtom(context.atom(), allowVirtual: false);
        var body = context.bodyItem().Select(BuildBodyItem).OfType<BodyLiteral>().ToImmutableArray();
        return new RuleStatement(head, body, span);
    }

    private BodyLiteral? BuildBodyItem(P.BodyItemContext context)
    {
        var span = SpanOf(context);
        switch (context)
        {
            case P.PositiveAtomContext positive:
                return new AtomLiteral(BuildAtom(positive.atom(), allowVirtual: false), false, span);
            case P.NegatedAtomContext negated:
                return new AtomLiteral(BuildAtom(negated.atom(), allowVirtual: false), true, span);
            case P.WordNegatedAtomContext word:
                if (word.ID().GetText() != "not")
                {
                    Report(Catalog.UnknownWordBeforeAtom, SpanOf(word.ID()), $"unexpected '{word.ID().GetText()}' before an atom",
                        "write 'not' to negate an atom, or separate the atoms of a rule body with ','");
                    return null;
                }
                return new AtomLiteral(BuildAtom(word.atom(), allowVirtual: false), true, span);
            case P.ComparisonContext comparison:
                return new ComparisonLiteral(
                    BuildIndexExpression(comparison.indexExpr(0)),
                    ComparisonOperatorOf(comparison.comparisonOp()),
                    BuildIndexExpression(comparison.indexExpr(1)),
                    span);
            default:
                return null;
        }
    }

    private static ComparisonOperator ComparisonOperatorOf(P.ComparisonOpContext context) => context.Start.Type switch
    {
        TensorLogicLexer.EQUAL => ComparisonOperator.Equal,
        TensorLogicLexer.NOT_EQUAL => ComparisonOperator.NotEqual,
        TensorLogicLexer.LESS => ComparisonOperator.Less,
        TensorLogicLexer.LESS_EQUAL => ComparisonOperator.LessOrEqual,
        TensorLogicLexer.GREATER => ComparisonOperator.Greater,
        _ => ComparisonOperator.GreaterOrEqual,
    };

    private Statement BuildFileWrite(P.FileWriteContext context, TextSpan span)
    {
        var op = ProjectionOperatorOf(context.projectionOp());
        if (op != ProjectionOperator.Assign)
            Report(Catalog.FileWriteOperator, SpanOf(context.projectionOp()), "a file is written with '=', not with a projection operator");
        return new FileWriteStatement(String(context.STRING()), BuildTarget(context.target(), allowLhsMarks: false), span);
    }

    private Statement BuildEquation(P.EquationContext context, TextSpan span)
    {
        var target = BuildTarget(context.target(), allowLhsMarks: true);
        var op = ProjectionOperatorOf(context.projectionOp());
        var rhs = context.rhs();
        if (rhs.STRING() is { } path)
            return new FileReadStatement(target, op, String(path), span);
        if (rhs.tensorLiteral() is { } literal)
            return new LiteralStatement(target, op, BuildLiteral(literal), span);
        return new EquationStatement(target, op, BuildExpression(rhs.expr()), span);
    }

    private static ProjectionOperator ProjectionOperatorOf(P.ProjectionOpContext context) => context.Start.Type switch
    {
        TensorLogicLexer.PLUS_ASSIGN => ProjectionOperator.Add,
        TensorLogicLexer.MAX_ASSIGN => ProjectionOperator.Max,
        TensorLogicLexer.MIN_ASSIGN => ProjectionOperator.Min,
        TensorLogicLexer.AVG_ASSIGN => ProjectionOperator.Average,
        _ => ProjectionOperator.Assign,
    };

    // ------------------------------------------------------------------ references

    private TensorReference BuildTarget(P.TargetContext context, bool allowLhsMarks)
    {
        var span = SpanOf(context);
        return context switch
        {
            P.BracketTargetContext bracket => new TensorReference(
                Identifier(bracket.ID()),
                ReferenceStyle.Bracket,
                [.. bracket.indexItem().Select(item => BuildIndexItem(item, allowLhsMarks, allowSlice: !allowLhsMarks)).OfType<IndexItem>()],
                span),
            P.AtomTargetContext atom => BuildAtom(atom.atom(), allowVirtual: allowLhsMarks),
            P.ScalarTargetContext scalar => new TensorReference(Identifier(scalar.ID()), ReferenceStyle.Scalar, [], span),
            _ => throw new InvalidOperationException("unknown target form"),
        };
    }

    private TensorReference BuildAtom(P.AtomContext context, bool allowVirtual)
    {
        var name = Identifier(context.ID());
        var items = ImmutableArray.CreateBuilder<IndexItem>();
        foreach (var argument in context.argument())
        {
            var item = ArgumentAsIndex(name, argument, allowVirtual);
            if (item is not null)
                items.Add(item);
        }
        return new TensorReference(name, ReferenceStyle.Paren, items.ToImmutable(), SpanOf(context));
    }

    private IndexItem? ArgumentAsIndex(Identifier relation, P.ArgumentContext argument, bool allowVirtual)
    {
        var span = SpanOf(argument);
        switch (argument)
        {
            case P.StringArgumentContext text:
                var symbol = String(text.STRING());
                return new PlainIndex(new IndexSymbol(symbol.Value, symbol.Span), false, span);
            case P.VirtualArgumentContext virtualArgument:
                if (!allowVirtual)
                    Report(Catalog.MisplacedVirtualIndex, span, $"a virtual index cannot appear in '{relation.Text}(...)' here");
                var inner = ExpressionAsIndex(relation, BuildExpression(virtualArgument.expr()));
                return inner is null ? null : new VirtualIndex(inner, span);
            case P.PlainArgumentContext plain:
                var index = ExpressionAsIndex(relation, BuildExpression(plain.expr()));
                return index is null ? null : new PlainIndex(index, false, span);
            default:
                return null;
        }
    }

    /// <summary>The arguments of a Boolean atom are parsed as expressions and must turn out to be indices.</summary>
    private IndexExpression? ExpressionAsIndex(Identifier relation, Expression expression)
    {
        switch (expression)
        {
            case NameExpression name:
                return new IndexName(name.Name, name.Span);
            case NumberLiteral number when IsInteger(number.Text):
                return new IndexNumber((long)number.Value, number.Span);
            case NegateExpression negate:
                return ExpressionAsIndex(relation, negate.Operand) is { } operand ? new IndexNegate(operand, negate.Span) : null;
            case BinaryExpression { Operator: not (BinaryOperator.Power or BinaryOperator.Join) } binary:
                var left = ExpressionAsIndex(relation, binary.Left);
                var right = ExpressionAsIndex(relation, binary.Right);
                if (left is null || right is null)
                    return null;
                return new IndexBinary(left, IndexOperatorOf(binary.Operator), right, binary.Span);
            default:
                Report(Catalog.NotAnIndex, expression.Span,
                    $"argument of relation '{relation.Text}' must be an index (a variable, a constant or index arithmetic)",
                    "relations written with parentheses are Boolean tensors indexed by their arguments; to call a function, use a lowercase name");
                return null;
        }
    }

    private static bool IsInteger(string text) => text.All(char.IsAsciiDigit);

    private static IndexOperator IndexOperatorOf(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => IndexOperator.Add,
        BinaryOperator.Subtract => IndexOperator.Subtract,
        BinaryOperator.Divide => IndexOperator.Divide,
        BinaryOperator.Modulo => IndexOperator.Modulo,
        _ => IndexOperator.Multiply,
    };

    // ------------------------------------------------------------------ indices

    private IndexItem? BuildIndexItem(P.IndexItemContext context, bool allowLhsMarks, bool allowSlice)
    {
        var span = SpanOf(context);
        switch (context)
        {
            case P.VirtualIndexContext virtualIndex:
                return new VirtualIndex(BuildIndexExpression(virtualIndex.indexExpr()), span);
            case P.SliceIndexContext slice:
                if (!allowSlice)
                    Report(Catalog.MisplacedSlice, span, "a slice cannot appear on the left-hand side of an equation",
                        "slice the right-hand side instead: Y[k] = X[4:8]");
                return new SliceIndex(
                    slice.from is null ? null : BuildIndexExpression(slice.from),
                    slice.to is null ? null : BuildIndexExpression(slice.to),
                    span);
            case P.PlainIndexContext plain:
                var normalized = plain.DOT() is not null;
                if (normalized && !allowLhsMarks)
                    Report(Catalog.MisplacedNormalizationDot, SpanOf(plain.DOT()),
                        "a normalization dot ('p'.') marks an axis of the left-hand side only",
                        "remove the '.' here and mark the axis on the equation's left-hand side");
                return new PlainIndex(BuildIndexExpression(plain.indexExpr()), normalized, span);
            default:
                return null;
        }
    }

    private IndexExpression BuildIndexExpression(P.IndexExprContext context) =>
        Outermost(() => FoldIndex(context.children, child => BuildIndexTerm((P.IndexTermContext)child)),
            span => new IndexNumber(0, span));

    private IndexExpression BuildIndexTerm(P.IndexTermContext context) =>
        FoldIndex(context.children, child => BuildIndexUnary((P.IndexUnaryContext)child));

    private IndexExpression FoldIndex(IList<IParseTree> children, Func<IParseTree, IndexExpression> operand)
    {
        var result = operand(children[0]);
        for (var i = 1; i + 1 < children.Count; i += 2)
        {
            var right = operand(children[i + 1]);
            var op = ((ITerminalNode)children[i]).Symbol.Type switch
            {
                TensorLogicLexer.PLUS => IndexOperator.Add,
                TensorLogicLexer.MINUS => IndexOperator.Subtract,
                TensorLogicLexer.STAR => IndexOperator.Multiply,
                TensorLogicLexer.SLASH => IndexOperator.Divide,
                _ => IndexOperator.Modulo,
            };
            result = new IndexBinary(result, op, right, result.Span.Cover(right.Span));
        }
        return result;
    }

    private IndexExpression BuildIndexUnary(P.IndexUnaryContext context)
    {
        if (context.indexUnary() is { } operand)
            return new IndexNegate(BuildIndexUnary(operand), SpanOf(context));
        var atom = context.indexAtom();
        if (atom.ID() is { } id)
            return new IndexName(Identifier(id), SpanOf(atom));
        if (atom.INT() is { } integer)
            return new IndexNumber(ParseInteger(integer), SpanOf(atom));
        if (atom.STRING() is { } text)
        {
            var symbol = String(text);
            return new IndexSymbol(symbol.Value, symbol.Span);
        }
        return BuildIndexExpression(atom.indexExpr()) with { Span = SpanOf(atom) };
    }

    // ------------------------------------------------------------------ expressions

    private Expression BuildExpression(P.ExprContext context) =>
        Outermost(() => FoldExpression(context.children, child => BuildTerm((P.TermContext)child)),
            span => new NumberLiteral(0, "0", span));

    /// <summary>How many expressions are being built around the current one; 0 outside any.</summary>
    private int _enclosing;

    /// <summary>
    /// Builds an expression, and when it is the outermost one of its statement checks that later stages can
    /// walk it recursively (see <see cref="NestingLimits"/>). Reporting the error drops the statement; until
    /// then a <paramref name="placeholder"/> stands in for the tree, so that nothing else walks it either.
    /// </summary>
    private T Outermost<T>(Func<T> build, Func<TextSpan, T> placeholder) where T : SyntaxNode
    {
        _enclosing++;
        T built;
        try
        {
            built = build();
        }
        finally
        {
            _enclosing--;
        }
        if (_enclosing == 0 && ExpressionDepth.FirstBelow(built, NestingLimits.MaxExpressionDepth) is { } tooDeep)
        {
            Report(Catalog.NestedTooDeep, tooDeep.Span,
                $"expression nested deeper than {NestingLimits.MaxExpressionDepth} levels (each operator of a chain such as 'a + b + c' is a level)",
                "split it into several equations, e.g. partial sums");
            return placeholder(built.Span);
        }
        return built;
    }

    private Expression BuildTerm(P.TermContext context)
    {
        var children = context.children;
        var result = BuildFactor(children[0]);
        for (var i = 1; i < children.Count; i++)
        {
            var op = BinaryOperator.Join;
            if (children[i] is ITerminalNode terminal)
            {
                op = terminal.Symbol.Type switch
                {
                    TensorLogicLexer.SLASH => BinaryOperator.Divide,
                    TensorLogicLexer.PERCENT => BinaryOperator.Modulo,
                    _ => BinaryOperator.Join,
                };
                i++;
            }
            var right = BuildFactor(children[i]);
            result = new BinaryExpression(result, op, right, result.Span.Cover(right.Span));
        }
        return result;
    }

    private Expression BuildFactor(IParseTree tree) => tree switch
    {
        P.UnaryContext unary => BuildUnary(unary),
        P.PowerContext power => BuildPower(power),
        _ => throw new InvalidOperationException("unexpected factor"),
    };

    private Expression FoldExpression(IList<IParseTree> children, Func<IParseTree, Expression> operand)
    {
        var result = operand(children[0]);
        for (var i = 1; i + 1 < children.Count; i += 2)
        {
            var right = operand(children[i + 1]);
            var op = ((ITerminalNode)children[i]).Symbol.Type == TensorLogicLexer.PLUS
                ? BinaryOperator.Add
                : BinaryOperator.Subtract;
            result = new BinaryExpression(result, op, right, result.Span.Cover(right.Span));
        }
        return result;
    }

    private Expression BuildUnary(P.UnaryContext context) =>
        context.unary() is { } operand
            ? new NegateExpression(BuildUnary(operand), SpanOf(context))
            : BuildPower(context.power());

    private Expression BuildPower(P.PowerContext context)
    {
        var primary = BuildPrimary(context.primary());
        if (context.unary() is not { } exponent)
            return primary;
        return new BinaryExpression(primary, BinaryOperator.Power, BuildUnary(exponent), SpanOf(context));
    }

    private Expression BuildPrimary(P.PrimaryContext context)
    {
        var span = SpanOf(context);
        switch (context)
        {
            case P.NumberPrimaryContext number:
                var (value, text) = ParseNumber(number.number());
                return new NumberLiteral(value, text, span);
            case P.NamePrimaryContext name:
                return new NameExpression(Identifier(name.ID()), span);
            case P.TensorPrimaryContext tensor:
                var items = tensor.indexItem()
                    .Select(item => BuildIndexItem(item, allowLhsMarks: false, allowSlice: true))
                    .OfType<IndexItem>()
                    .ToImmutableArray();
                var reference = new TensorReference(Identifier(tensor.ID()), ReferenceStyle.Bracket, items, span);
                return new TensorExpression(reference, span);
            case P.AtomPrimaryContext atom:
                return BuildCallOrAtom(atom.atom());
            case P.ParenPrimaryContext paren:
                // The tree has no node for parentheses, so the inner node takes their span. Otherwise an operator
                // node built on it, as in (d-1)/De, would cover its ')' but not its '('.
                return BuildExpression(paren.expr()) with { Span = span };
            default:
                throw new InvalidOperationException("unknown primary");
        }
    }

    private Expression BuildCallOrAtom(P.AtomContext context)
    {
        var name = Identifier(context.ID());
        var span = SpanOf(context);
        if (name.IsCapitalized)
        {
            var atom = BuildAtom(context, allowVirtual: true);
            return new TensorExpression(atom, span);
        }
        var arguments = ImmutableArray.CreateBuilder<Expression>();
        foreach (var argument in context.argument())
        {
            switch (argument)
            {
                case P.PlainArgumentContext plain:
                    arguments.Add(BuildExpression(plain.expr()));
                    break;
                case P.StringArgumentContext:
                    Report(Catalog.StringArgumentToFunction, SpanOf(argument), $"function '{name.Text}' cannot take a string argument");
                    break;
                case P.VirtualArgumentContext:
                    Report(Catalog.VirtualArgumentToFunction, SpanOf(argument),
                        $"function '{name.Text}' cannot take a virtual index", "virtual indices ('*t') belong inside a tensor's brackets");
                    break;
            }
        }
        return new CallExpression(name, arguments.ToImmutable(), span);
    }

    private TensorLiteral BuildLiteral(P.TensorLiteralContext context)
    {
        var elements = context.literalElement().Select(BuildLiteralElement).ToImmutableArray();
        return new TensorLiteral(elements, SpanOf(context));
    }

    private LiteralElement BuildLiteralElement(P.LiteralElementContext context)
    {
        if (context.tensorLiteral() is { } nested)
            return BuildLiteral(nested);
        var (value, text) = ParseNumber(context.number());
        if (context.MINUS() is not null)
            return new LiteralNumber(-value, "-" + text, SpanOf(context));
        return new LiteralNumber(value, text, SpanOf(context));
    }

    // ------------------------------------------------------------------ tokens

    private (double Value, string Text) ParseNumber(P.NumberContext context)
    {
        var text = context.GetText();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            Report(Catalog.InvalidNumber, SpanOf(context), $"number '{text}' is out of range");
            value = 0;
        }
        return (value, text);
    }

    private long ParseInteger(ITerminalNode node)
    {
        if (long.TryParse(node.GetText(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= int.MaxValue)
            return value;
        Report(Catalog.InvalidNumber, SpanOf(node), $"integer '{node.GetText()}' is too large for an index");
        return 0;
    }

    private static Identifier Identifier(ITerminalNode node) =>
        new(NormalizePrimes(node.GetText()), SpanOf(node));

    /// <summary>Unicode primes are spelled in ASCII so that <c>p′</c> and <c>p'</c> are the same name.</summary>
    private static string NormalizePrimes(string text) =>
        text.Replace("\u2033", "''").Replace('\u2032', '\'');

    private StringLiteral String(ITerminalNode node)
    {
        var raw = node.GetText();
        var body = raw.Length >= 2 && raw[^1] == '"' ? raw[1..^1] : raw[1..];
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                builder.Append(body[i]);
                continue;
            }
            var escaped = body[++i];
            switch (escaped)
            {
                case '"' or '\\': builder.Append(escaped); break;
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                default:
                    var start = node.Symbol.StartIndex + 1 + i - 1;
                    Report(Catalog.InvalidEscape, new TextSpan(start, 2), $"unknown escape '\\{escaped}' in a string",
                        "the escapes are \\\", \\\\, \\n and \\t; write paths with '/'");
                    builder.Append(escaped);
                    break;
            }
        }
        return new StringLiteral(builder.ToString(), SpanOf(node));
    }

    private static TextSpan SpanOf(ParserRuleContext context)
    {
        var stop = context.Stop is { } last && last.StopIndex >= context.Start.StartIndex ? last.StopIndex + 1 : context.Start.StartIndex;
        return TextSpan.FromBounds(context.Start.StartIndex, stop);
    }

    private static TextSpan SpanOf(ITerminalNode node) =>
        TextSpan.FromBounds(node.Symbol.StartIndex, node.Symbol.StopIndex + 1);

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, string message, string? help = null, params DiagnosticNote[] notes) =>
        _diagnostics.Report(descriptor, new SourceLocation(_source, span), message, help, notes);

    private SourceLocation Location(TextSpan span) => new(_source, span);
}
