using System.Globalization;
using System.Text.Json;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Testing;
using TensorLogic.Tlc.Commands;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// The GPU engines on the command line: gpu-cpu, which every machine has, answers as the CPU engine does; a
/// backend or device that is not here is TL4003 with exit code 2 before anything else happens. Tests of a
/// hardware backend branch on <see cref="GpuDevices.WhyNone"/>, so that they check the error on a machine
/// without that GPU and the answers on one with it.
/// </summary>
public sealed class GpuEngineCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Example(string name) => Repository.PathOf("examples", name);

    private const string Help = "  = help: 'tlc devices' lists the devices this machine has and why the others are missing; --engine cpu runs anywhere\n";

    [Theory]
    [InlineData("cuda")]
    [InlineData("opencl")]
    [InlineData("gpu")]
    public void A_hardware_backend_runs_where_it_is_and_is_TL4003_with_exit_2_where_it_is_not(string engine)
    {
        var result = TlcRun.Invoke("run", Example("perceptron.tl"), "--format", "json", "--engine", engine);

        if (GpuDevices.WhyNone(GpuBackends.Parse(engine)!.Value) is { } why)
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Equal($"tlc: error TL4003: {why}\n{Help}1 error\n", result.Stderr);
        }
        else
        {
            Assert.Equal(0, result.ExitCode);
            AssertSameAnswers(TlcRun.Invoke("run", Example("perceptron.tl"), "--format", "json").Stdout, result.Stdout);
        }
    }

    /// <summary>--emit kernels compiles every equation for the engine without running it and shows each kernel's specialization.</summary>
    [Fact]
    public void Emit_kernels_lists_each_equation_with_its_kernel()
    {
        var result = TlcRun.Invoke("run", Example("attention.tl"), "--engine", "gpu-cpu", "--emit", "kernels");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Contains("  19: Comp[p, p'.] = softmax(Query[p, dk] Key[p', dk] / sqrt(Dk))\n    gpu-cpu contract\n", result.Stdout);
        Assert.Contains("Query[p,dk] * Key[p',dk] -> Comp[p,p']: one thread per cell, 16 cells, 1 x 2 products each (inner strides 1, 1)\n", result.Stdout);
        Assert.Contains("      softmax: one thread per group, 4 groups of 4\n", result.Stdout);
        var cpu = TlcRun.Invoke("run", Example("attention.tl"), "--engine", "cpu", "--emit", "kernels");
        Assert.Contains("  19: Comp[p, p'.] = softmax(Query[p, dk] Key[p', dk] / sqrt(Dk))\n    cpu ", cpu.Stdout);
    }

    /// <summary>Plain recursive rules run as one device stratum, and --emit kernels shows each rule's joins.</summary>
    [Fact]
    public void Recursive_rules_run_as_a_device_stratum()
    {
        var program = _folder.Write("tc.tl", "Edge(0, 1)\nEdge(1, 2)\nEdge(2, 0)\nReach(x, y) <- Edge(x, y)\nReach(x, z) <- Reach(x, y), Edge(y, z)\nReach?\n");

        var kernels = TlcRun.Invoke("run", program, "--engine", "gpu-cpu", "--emit", "kernels");
        Assert.Equal(0, kernels.ExitCode);
        Assert.Contains("    gpu-cpu semi-naive on device: every round of these rules\n", kernels.Stdout);
        Assert.Contains("      rounds: Reach <- ΔReach[x,y] join(y) Edge[y,z] -> [x,z]\n", kernels.Stdout);
        var gpu = TlcRun.Invoke("run", program, "--engine", "gpu-cpu", "--format", "json", "--profile");
        Assert.Contains("semi-naive, 3 rounds", gpu.Stderr);
        Assert.DoesNotContain("TL4002", gpu.Stderr);
        AssertSameAnswers(TlcRun.Invoke("run", program, "--format", "json").Stdout, gpu.Stdout.Split("profile")[0]);
    }

    /// <summary>
    /// Intermediate tensors stay on the device: attention uploads its input and three weights, and copies back
    /// only the two tensors it prints; each kernel reports its device time.
    /// </summary>
    [Fact]
    public void Profile_shows_device_transfers_and_device_time()
    {
        var result = TlcRun.Invoke("run", Example("attention.tl"), "--engine", "gpu-cpu", "--profile");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gpu-cpu on CPUAccelerator (host memory): 4 uploads (0.0 MiB), 2 downloads (0.0 MiB), 7 kernel tables; GEMM steps: tiled GEMM kernel (cuBLAS needs a CUDA device)\n", result.Stdout);
        var header = result.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("line", StringComparison.Ordinal));
        Assert.Contains(" device ", header);
        var rows = result.Stdout.Split('\n').Where(l => l.Contains("gpu-cpu ") && l.Contains(" ms ")).ToList();
        Assert.Equal(5, rows.Count);
    }

    [Theory]
    [InlineData("perceptron.tl")]
    [InlineData("family.tl")]
    [InlineData("mlp.tl")]
    [InlineData("bayes.tl")]
    public void Gpu_cpu_answers_as_the_cpu_engine_does(string example)
    {
        var cpu = TlcRun.Invoke("run", Example(example), "--format", "json", "--engine", "cpu");
        var gpu = TlcRun.Invoke("run", Example(example), "--format", "json", "--engine", "gpu-cpu");

        Assert.Equal(0, gpu.ExitCode);
        Assert.Equal(cpu.Stderr, gpu.Stderr);
        AssertSameAnswers(cpu.Stdout, gpu.Stdout);
    }

    [Fact]
    public void Gpu_cpu_text_answers_of_a_logic_program_are_those_of_the_cpu_engine()
    {
        var cpu = TlcRun.Invoke("run", Example("family.tl"));
        var gpu = TlcRun.Invoke("run", Example("family.tl"), "--engine", "gpu-cpu", "--device", "0");

        Assert.Equal(0, gpu.ExitCode);
        Assert.Equal(cpu.Stdout, gpu.Stdout);
    }

    [Fact]
    public void A_device_number_past_the_last_is_TL4003_and_nothing_else()
    {
        var result = TlcRun.Invoke("run", Example("perceptron.tl"), "--engine", "gpu-cpu", "--device", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("tlc: error TL4003: ", result.Stderr);
        Assert.Contains("5", result.Stderr.Split('\n')[0]);
        Assert.EndsWith($"\n{Help}1 error\n", result.Stderr);
    }

    [Fact]
    public void The_device_is_opened_before_the_program_is_read()
    {
        var result = TlcRun.Invoke("run", Path.Combine(_folder.Path, "missing.tl"), "--engine", "gpu-cpu", "--device", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error TL4003", result.Stderr);
        Assert.DoesNotContain("TL5009", result.Stderr);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("repl")]
    public void Train_and_repl_report_a_missing_device_the_same_way(string verb)
    {
        var program = _folder.Write("p.tl", "X = [1, 2]\nY = X[i]\nY?\n");
        var result = TlcRun.Invoke(verb, program, "--engine", "gpu-cpu", "--device", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("tlc: error TL4003: ", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
    }

    [Fact]
    public void The_repl_computes_on_gpu_cpu()
    {
        var result = TlcRun.InvokeWithInput("W = [1, 2, 3]\nS = W[i] W[i]\nS?\n", "repl", "--format", "json", "--engine", "gpu-cpu");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"query":"S?","shape":[],"data":[14]}""" + "\n", result.Stdout);
    }

    [Fact]
    public void Training_on_gpu_cpu_reaches_the_loss_of_the_cpu_engine()
    {
        var program = _folder.Write("xor.tl", """
            X = [[0, 0], [0, 1], [1, 0], [1, 1]]
            Y = [0, 1, 1, 0]
            W1 : real[4, 2]
            B1 : real[4]
            W2 : real[4]
            B2 : real
            H[e, h] = tanh(W1[h, i] X[e, i] + B1[h])
            O[e] = sig(W2[h] H[e, h] + B2)
            Loss avg= (O[e] - Y[e])^2
            learn Loss with optimizer=adam, lr=0.05, epochs=30, seed=1
            """);
        static double FinalLoss(TlcResult result) =>
            double.Parse(result.Stdout.Split('\n').Single(l => l.StartsWith("done")).Split("loss ")[1].Split(' ')[0], CultureInfo.InvariantCulture);

        var cpu = TlcRun.Invoke("train", program, "--engine", "cpu");
        var gpu = TlcRun.Invoke("train", program, "--engine", "gpu-cpu");

        Assert.Equal(0, gpu.ExitCode);
        Assert.Equal(FinalLoss(cpu), FinalLoss(gpu), 3);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("reference")]
    public void A_device_number_with_a_cpu_engine_is_a_usage_error(string engine)
    {
        var result = TlcRun.Invoke("run", Example("perceptron.tl"), "--engine", engine, "--device", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--device applies to the GPU engines only", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Out_of_device_memory_names_the_tensor_and_its_size()
    {
        var full = new DeviceMemoryException("Score", 3L << 29, GpuDevices.Get(GpuBackend.Cpu).Accelerator, 1L << 30);

        var text = DiagnosticFormatter.Format(DeviceErrors.OutOfMemory(full));

        Assert.StartsWith("error TL4004: out of device memory: tensor 'Score' needs 1.5 GiB, which the device no longer has free\n  = help: ", text);
        Assert.Equal(DiagnosticSeverity.Error, Catalog.DeviceMemoryExhausted.Severity);
    }

    [Theory]
    [InlineData(512L, "512 bytes")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(4L << 20, "4.0 MiB")]
    [InlineData(24L << 30, "24.0 GiB")]
    public void Device_memory_sizes_keep_their_unit_readable(long bytes, string expected) =>
        Assert.Equal(expected, DeviceErrors.Size(bytes));

    /// <summary>The same queries, shapes and rows; numbers equal to float32 accuracy, since the kernels sum in other orders.</summary>
    private static void AssertSameAnswers(string expected, string actual)
    {
        var want = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var got = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(want.Length, got.Length);
        foreach (var (a, b) in want.Zip(got))
            AssertSameJson(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement, a);
    }

    private static void AssertSameJson(JsonElement want, JsonElement got, string line)
    {
        Assert.Equal(want.ValueKind, got.ValueKind);
        switch (want.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(want.EnumerateObject().Select(p => p.Name), got.EnumerateObject().Select(p => p.Name));
                foreach (var property in want.EnumerateObject())
                    AssertSameJson(property.Value, got.GetProperty(property.Name), line);
                break;
            case JsonValueKind.Array:
                Assert.Equal(want.GetArrayLength(), got.GetArrayLength());
                foreach (var (a, b) in want.EnumerateArray().Zip(got.EnumerateArray()))
                    AssertSameJson(a, b, line);
                break;
            case JsonValueKind.Number:
                var (x, y) = (want.GetDouble(), got.GetDouble());
                Assert.True(Math.Abs(x - y) <= 1e-5 * Math.Max(1, Math.Abs(x)), $"{y} instead of {x} in {line}");
                break;
            default:
                Assert.Equal(want.ToString(), got.ToString());
                break;
        }
    }
}
