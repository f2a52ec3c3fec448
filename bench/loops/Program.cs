// Bindings per second of loop kernels on dense terms: dotnet run -c Release --project bench/loops
using System.Diagnostics;
using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler;
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

static void Run<T>(string name, string text, string target)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    var result = Compilation.Compile([new SourceText(text, "bench.tl")], null);
    if (result.HasErrors)
        throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    var program = result.Bound!;
    var equation = program.EquationsFor(program.FindTensor(target)!).First();
    var term = equation.Terms[0];
    var source = new RandomOperands<T>();
    var compile = Stopwatch.StartNew();
    var kernel = new LoopKernel<T>(equation, term);
    compile.Stop();
    var accumulator = new TermAccumulator<T>(equation.Target.Tensor.Shape, equation.Aggregation);
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
    private readonly Dictionary<TensorSymbol, DenseBuffer<T>> _buffers = [];
    private readonly Random _random = new(1);

    public DenseBuffer<T> Dense(TensorSymbol tensor)
    {
        if (!_buffers.TryGetValue(tensor, out var buffer))
        {
            buffer = new DenseBuffer<T>(tensor.Shape);
            for (var i = 0; i < buffer.Length; i++)
                buffer.Data[i] = T.CreateTruncating(tensor.ConstantValue ?? _random.NextDouble() * 2 - 1);
            _buffers.Add(tensor, buffer);
        }
        return buffer;
    }

    public Relation Relation(TensorSymbol tensor) => throw new NotSupportedException();
}
