// Bindings per second of loop kernels on dense terms: dotnet run -c Release --project bench/loops
using System.Diagnostics;
using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Lowering;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;

Run<float>("conv 3x3, 16->16 channels, 64x64, zero padding", """
    I : real[16, 64, 64]
    K : real[16, 16, 3, 3]
    F : real[16, 64, 64]
    F[o, x, y] = K[o, c, dx, dy] I[c, x+dx-1, y+dy-1]
    """, "F");
Run<double>("conv 3x3, 16->16 channels, 64x64, zero padding", """
    I : real[16, 64, 64]
    K : real[16, 16, 3, 3]
    F : real[16, 64, 64]
    F[o, x, y] = K[o, c, dx, dy] I[c, x+dx-1, y+dy-1]
    """, "F");
Run<float>("max pooling 2x2 of 256x256", """
    S = 2
    G : real[256, 256]
    P : real[128, 128]
    P[x/S, y/S] max= G[x, y]
    """, "P");
Run<float>("Gaussian kernel inner sum, 256 points x 64 dims", """
    X : real[256, 64]
    Var = 2
    K[i, i2] = exp(-(X[i, j] - X[i2, j])^2 / Var)
    """, "K");

ReferenceSpeed();

// The reference engine on a smaller convolution, for scale: it interprets each binding.
static void ReferenceSpeed()
{
    var random = new Random(2);
    string Literal(int count) => "[" + string.Join(", ", Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))) + "]";
    var text = $"""
        Flat = {Literal(4 * 32 * 32)}
        I[c, x, y] = Flat[c*1024 + x*32 + y]
        I : real[4, 32, 32]
        Flat : real[4096]
        K : real[4, 4, 3, 3]
        F : real[4, 32, 32]
        F[o, x, y] = K[o, c, dx, dy] I[c, x+dx-1, y+dy-1]
        """;
    var result = Compilation.Compile([new SourceText(text, "reference.tl")], null);
    if (result.HasErrors)
        throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    var program = result.Bound!;
    var session = new TensorLogic.Runtime.Execution.Session(program, TensorLogic.Runtime.Execution.ReferenceEngine.Instance, new());
    session.Evaluate(program.FindTensor("I")!);
    var watch = Stopwatch.StartNew();
    session.Evaluate(program.FindTensor("F")!);
    // Per pair of channels, each axis has 32·3 - 2 valid (x, dx) pairs.
    var bindings = 4 * 4 * 94 * 94;
    Console.WriteLine($"reference engine, conv 3x3 4->4 channels 32x32: {bindings:N0} bindings in {watch.Elapsed.TotalMilliseconds:F0} ms = {bindings / watch.Elapsed.TotalSeconds / 1e6:F2} M bindings/s");
}

static void Run<T>(string name, string text, string target)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    var result = Compilation.Compile([new SourceText(text, "bench.tl")], null);
    if (result.HasErrors)
        throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    var program = result.Bound!;
    var tensor = program.FindTensor(target)!;
    var equation = Lowerer.Lower(program, new PlannerOptions(), "cpu").Strata.SelectMany(s => s.Equations).First(e => e.Target == tensor);
    var term = equation.GenericTerms[0];
    var source = new RandomOperands<T>();
    var compile = Stopwatch.StartNew();
    var kernel = new LoopKernel<T>(equation, term);
    compile.Stop();
    var accumulator = new TermAccumulator<T>(equation.Target.Shape, equation.Aggregation);
    kernel.Execute(source, accumulator);
    var bindings = accumulator.Counts.Sum(c => (long)c);
    var best = double.MaxValue;
    for (var run = 0; run < 7; run++)
    {
        accumulator.Clear();
        var watch = Stopwatch.StartNew();
        kernel.Execute(source, accumulator);
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"{name} [{typeof(T).Name}]: {bindings:N0} bindings in {best * 1e3:F2} ms = {bindings / best / 1e6:F0} M bindings/s (compile {compile.Elapsed.TotalMilliseconds:F0} ms)");
}

sealed class RandomOperands<T> : IOperandSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<TensorSymbol, DenseTensor<T>> _buffers = [];
    private readonly Random _random = new(1);

    public DenseTensor<T> Dense(TensorSymbol tensor)
    {
        if (!_buffers.TryGetValue(tensor, out var buffer))
        {
            buffer = new DenseTensor<T>(tensor.Shape);
            for (var i = 0; i < buffer.Length; i++)
                buffer.Data[i] = T.CreateTruncating(tensor.ConstantValue ?? _random.NextDouble() * 2 - 1);
            _buffers.Add(tensor, buffer);
        }
        return buffer;
    }

    public Relation Relation(TensorSymbol tensor) => throw new NotSupportedException();
}
