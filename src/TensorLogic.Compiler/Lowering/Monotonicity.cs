using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Lowering;

/// <summary>Which way a value moves when the cells it watches grow.</summary>
internal enum Direction
{
    /// <summary>It reads no watched cell.</summary>
    Constant,

    /// <summary>Non-decreasing: it never falls when a watched cell grows.</summary>
    Up,

    /// <summary>Non-increasing.</summary>
    Down,

    /// <summary>Nothing the syntax shows: either way, or both.</summary>
    Unknown,
}

/// <summary>
/// What the syntax of a term proves about its monotonicity in some of the cells it reads: sums, negation,
/// products with a literal of known sign, the non-decreasing built-ins, and the two spellings of min and max
/// the language has (<c>a - relu(a - b)</c> is min(a, b), <c>b + relu(a - b)</c> max(a, b): both non-decreasing in a
/// and in b). Anything else — a product of two values that move, a product with a tensor of unknown sign, a
/// reciprocal, a power, sin — is <see cref="Direction.Unknown"/>, which is always safe to answer.
/// </summary>
internal static class Monotonicity
{
    private static readonly HashSet<string> NonDecreasing = ["step", "relu", "exp", "log", "sqrt", "tanh"];

    /// <summary>
    /// How <c>Sign · Π factors</c> moves (top-level Boolean factors filter bindings, so they only multiply by 1).
    /// A watched value may appear in one factor only: a product of two factors that move has no known direction.
    /// </summary>
    public static Direction OfTerm(BoundTerm term, Func<BoundTensorRead, bool> watched)
    {
        var factors = term.Factors.Where(f => !IsFilter(f)).Select(f => (Factor: f, Moves: Of(f, watched))).ToList();
        var moving = factors.Where(f => f.Moves != Direction.Constant).ToList();
        if (moving.Count == 0)
            return Direction.Constant;
        if (moving.Count > 1)
            return Direction.Unknown;
        var sign = (double)term.Sign;
        foreach (var (factor, _) in factors.Where(f => f.Moves == Direction.Constant))
        {
            if (ConstantFolder.Value(factor) is not { } value)
                return Direction.Unknown;
            sign *= value;
        }
        return Scaled(moving[0].Moves, sign);
    }

    /// <summary>How a sum of terms moves: their way when they agree (terms that read nothing watched do not move).</summary>
    public static Direction OfTerms(IEnumerable<BoundTerm> terms, Func<BoundTensorRead, bool> watched) =>
        terms.Aggregate(Direction.Constant, (direction, term) => Both(direction, OfTerm(term, watched)));

    /// <summary>How the outer function of an equation carries the direction of its argument.</summary>
    public static Direction Through(OuterFunction? function, Direction inner, Func<BoundTensorRead, bool> watched) =>
        function is null ? inner : Call(function.Function, inner, function.ExtraArguments, watched);

    public static Direction Of(BoundExpression expression, Func<BoundTensorRead, bool> watched) => expression switch
    {
        BoundTensorRead read => watched(read) ? Direction.Up : Direction.Constant,
        BoundConstant or BoundIndexValue or BoundComparison or BoundIndexPredicate => Direction.Constant,
        BoundUnary { Operator: UnaryOperator.Negate } unary => Flip(Of(unary.Operand, watched)),
        BoundUnary unary => Of(unary.Operand, watched) == Direction.Constant ? Direction.Constant : Direction.Unknown,
        BoundBinary binary => Binary(binary, watched),
        BoundCall call => Call(call.Function, Of(call.Arguments[0], watched), call.Arguments.Skip(1), watched),
        _ => Direction.Unknown,
    };

    private static Direction Binary(BoundBinary binary, Func<BoundTensorRead, bool> watched)
    {
        if (MinOrMax(binary) is var (a, b))
            return Both(Of(a, watched), Of(b, watched));
        var left = Of(binary.Left, watched);
        var right = Of(binary.Right, watched);
        switch (binary.Operator)
        {
            case BinaryOperator.Add:
                return Both(left, right);
            case BinaryOperator.Subtract:
                return Both(left, Flip(right));
            case BinaryOperator.Join when left == Direction.Constant:
                return ConstantFolder.Value(binary.Left) is { } factor ? Scaled(right, factor) : Constant(right);
            case BinaryOperator.Join or BinaryOperator.Divide when right == Direction.Constant:
                return ConstantFolder.Value(binary.Right) is { } divisor ? Scaled(left, divisor) : Constant(left);
            default:
                return left == Direction.Constant && right == Direction.Constant ? Direction.Constant : Direction.Unknown;
        }
    }

    /// <summary>The operands of <c>a - relu(a - b)</c> = min(a, b), or of <c>b + relu(a - b)</c> = max(a, b) (either order).</summary>
    private static (BoundExpression A, BoundExpression B)? MinOrMax(BoundBinary binary)
    {
        if (binary.Operator == BinaryOperator.Subtract && ReluOfDifference(binary.Right) is var (a, b) && Same(binary.Left, a))
            return (a, b);
        if (binary.Operator != BinaryOperator.Add)
            return null;
        if (ReluOfDifference(binary.Right) is var (a1, b1) && Same(binary.Left, b1))
            return (a1, b1);
        if (ReluOfDifference(binary.Left) is var (a2, b2) && Same(binary.Right, b2))
            return (a2, b2);
        return null;
    }

    private static (BoundExpression, BoundExpression)? ReluOfDifference(BoundExpression expression) =>
        expression is BoundCall { Function.Name: "relu", Arguments: [BoundBinary { Operator: BinaryOperator.Subtract } difference] }
            ? (difference.Left, difference.Right)
            : null;

    private static Direction Call(BuiltinFunction function, Direction argument, IEnumerable<BoundExpression> extra, Func<BoundTensorRead, bool> watched)
    {
        var extras = extra.ToList();
        if (extras.Any(e => Of(e, watched) != Direction.Constant))
            return Direction.Unknown;
        if (argument == Direction.Constant)
            return Direction.Constant;
        if (function.Kind != FunctionKind.Elementwise)
            return Direction.Unknown;
        if (NonDecreasing.Contains(function.Name) && extras.Count == 0)
            return argument;
        // sig(x, T) rises with x for T > 0, is step(x) for T = 0 and falls for T < 0.
        if (function.Name == "sig")
        {
            if (extras.Count == 0)
                return argument;
            return ConstantFolder.Value(extras[0]) is { } temperature ? temperature >= 0 ? argument : Flip(argument) : Direction.Unknown;
        }
        return Direction.Unknown;
    }

    /// <summary>A sum (or min, or max) of two values: it moves their way when they agree or one is constant.</summary>
    private static Direction Both(Direction a, Direction b) =>
        a == Direction.Constant ? b : b == Direction.Constant || a == b ? a : Direction.Unknown;

    public static Direction Flip(Direction direction) => direction switch
    {
        Direction.Up => Direction.Down,
        Direction.Down => Direction.Up,
        _ => direction,
    };

    /// <summary>
    /// Times a literal: its sign decides. Zero is refused rather than called constant: 0 · ∞ (an unreached
    /// min= cell) is NaN, which moves no way at all.
    /// </summary>
    private static Direction Scaled(Direction direction, double factor) =>
        direction == Direction.Constant ? Direction.Constant
        : factor > 0 ? direction
        : factor < 0 ? Flip(direction)
        : Direction.Unknown;

    /// <summary>A product with a factor whose sign is not known is constant only if the moving side is.</summary>
    private static Direction Constant(Direction other) => other == Direction.Constant ? Direction.Constant : Direction.Unknown;

    /// <summary>Top-level Boolean factors decide whether a binding exists; they do not scale its value.</summary>
    public static bool IsFilter(BoundExpression factor) => factor switch
    {
        BoundTensorRead read => read.Reference.Tensor.IsBoolean,
        BoundUnary { Operator: UnaryOperator.Not } => true,
        BoundComparison or BoundIndexPredicate => true,
        _ => false,
    };

    /// <summary>The same expression written twice (locations aside): the same tensor at the same indices, and so on.</summary>
    public static bool Same(BoundExpression a, BoundExpression b) => (a, b) switch
    {
        (BoundConstant x, BoundConstant y) => x.Value.Equals(y.Value),
        (BoundTensorRead x, BoundTensorRead y) => SameCell(x.Reference, y.Reference),
        (BoundIndexValue x, BoundIndexValue y) => x.Index == y.Index,
        (BoundUnary x, BoundUnary y) => x.Operator == y.Operator && Same(x.Operand, y.Operand),
        (BoundBinary x, BoundBinary y) => x.Operator == y.Operator && Same(x.Left, y.Left) && Same(x.Right, y.Right),
        (BoundCall x, BoundCall y) => x.Function == y.Function && x.Arguments.Length == y.Arguments.Length
            && x.Arguments.Zip(y.Arguments).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    public static bool SameCell(BoundTensorRef a, BoundTensorRef b) =>
        a.Tensor == b.Tensor && a.Virtual is null && b.Virtual is null && a.Indices.SequenceEqual(b.Indices);
}
