// Times TensorLogic's CPU GEMM on square row-major products and prints GFLOP/s (2·n³ flops per product).
// Usage: dotnet run -c Release --project bench/gemm -- [sizes=256,512,1024,2048] [runs=7] [threads=1,2]
//        [types=float,double] [layouts=nn]
// A layout names how A and B are stored: n = row-major, t = transposed (column-major), e.g. "nt" is A·Bᵀ with
// both operands row-major in memory, the shape of a linear layer.
// Prints the best and the median of `runs` timed repetitions after one warm-up call. The machine is shared, so
// the best run is the closest estimate of what the code can do and the median shows what it typically did.
using System.Diagnostics;
using System.Runtime.InteropServices;
using TensorLogic.Backends.Cpu.Kernels;

int[] sizes = ParseList(args, 0, "256,512,1024,2048");
int runs = args.Length > 1 ? int.Parse(args[1]) : 7;
int[] threadCounts = ParseList(args, 2, "1,2");
string[] types = (args.Length > 3 ? args[3] : "float,double").Split(',');
string[] layouts = (args.Length > 4 ? args[4] : "nn").Split(',');

Console.WriteLine($"cores={Environment.ProcessorCount} runs={runs}");
Console.WriteLine($"{"type",-7}{"layout",7}{"n",6}{"threads",8}{"best GF/s",11}{"median",9}{"best ms",10}");
foreach (string type in types)
    foreach (string layout in layouts)
        foreach (int n in sizes)
            foreach (int threads in threadCounts)
            {
                bool ta = layout[0] == 't', tb = layout[1] == 't';
                var times = type == "double" ? Time<double>(n, threads, runs, ta, tb) : Time<float>(n, threads, runs, ta, tb);
                Array.Sort(times);
                double flops = 2.0 * n * n * n;
                Console.WriteLine($"{type,-7}{layout,7}{n,6}{threads,8}{flops / times[0] / 1e9,11:F1}{flops / times[runs / 2] / 1e9,9:F1}{times[0] * 1e3,10:F2}");
            }

static int[] ParseList(string[] args, int index, string fallback) =>
    (args.Length > index ? args[index] : fallback).Split(',').Select(int.Parse).ToArray();

static unsafe double[] Time<T>(int n, int threads, int runs, bool transposeA, bool transposeB)
    where T : unmanaged
{
    // Element (i, j) of a square operand is at i·rs + j·cs; a transposed operand swaps the strides.
    nint aRs = transposeA ? 1 : n, aCs = transposeA ? n : 1;
    nint bRs = transposeB ? 1 : n, bCs = transposeB ? n : 1;
    nuint bytes = (nuint)((long)n * n * sizeof(T));
    T* a = (T*)NativeMemory.AlignedAlloc(bytes, 64);
    T* b = (T*)NativeMemory.AlignedAlloc(bytes, 64);
    T* c = (T*)NativeMemory.AlignedAlloc(bytes, 64);
    var random = new Random(1);
    for (long i = 0; i < (long)n * n; i++)
    {
        a[i] = Convert(random.NextDouble() - 0.5);
        b[i] = Convert(random.NextDouble() - 0.5);
    }

    var times = new double[runs];
    for (int run = -1; run < runs; run++)
    {
        long start = Stopwatch.GetTimestamp();
        if (typeof(T) == typeof(float))
            Gemm.Multiply(n, n, n, (float*)a, aRs, aCs, (float*)b, bRs, bCs, (float*)c, n, 1f, 0f, threads);
        else
            Gemm.Multiply(n, n, n, (double*)a, aRs, aCs, (double*)b, bRs, bCs, (double*)c, n, 1.0, 0.0, threads);
        if (run >= 0)
            times[run] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    // A spot check, so that a fast but wrong kernel cannot report a number.
    for (int probe = 0; probe < 64; probe++)
    {
        int i = random.Next(n), j = random.Next(n);
        double sum = 0, absSum = 0;
        for (int p = 0; p < n; p++)
        {
            double term = ToDouble(a[i * aRs + p * aCs]) * ToDouble(b[p * bRs + j * bCs]);
            sum += term;
            absSum += Math.Abs(term);
        }
        if (Math.Abs(ToDouble(c[(long)i * n + j]) - sum) > 1e-5 * absSum)
            throw new InvalidOperationException($"wrong result at C[{i},{j}]: {ToDouble(c[(long)i * n + j])} vs {sum}");
    }

    NativeMemory.AlignedFree(a);
    NativeMemory.AlignedFree(b);
    NativeMemory.AlignedFree(c);
    return times;

    static T Convert(double value) => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;
    static double ToDouble(T value) => typeof(T) == typeof(float) ? (float)(object)value : (double)(object)value;
}
