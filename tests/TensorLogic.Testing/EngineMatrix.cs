using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Reference;
using Xunit;

namespace TensorLogic.Testing;

/// <summary>
/// One engine in one chaining, as a theory row names it ("cpu/backward"), with the relative tolerance its
/// real numbers are held to.
/// </summary>
public sealed record EngineCase(string Name, string EngineName, IEngine Engine, Chaining Chaining, double Tolerance)
{
    public override string ToString() => Name;
}

/// <summary>
/// The engines every semantics test runs on, crossed with both chainings. This is the only file that
/// constructs engines, so that a new engine joins every test by one line in <see cref="Engines"/>, and a
/// change of the engine API is made here only.
/// </summary>
/// <remarks>
/// Theories take the case's name (a string) rather than the case, so that xunit can list and rerun each
/// combination on its own; <see cref="Get"/> turns the name back into the engine.
/// </remarks>
public static class EngineMatrix
{
    /// <summary>Engines are created per lookup: a CPU engine holds buffers, and tests run in parallel.</summary>
    private static readonly (string Name, Func<IEngine> Create, double Tolerance)[] Engines =
    [
        ("reference", () => ReferenceEngine.Instance, 1e-9),
        ("cpu", () => new CpuEngine(Precision.Single), 1e-4),
        ("cpu-f64", () => new CpuEngine(Precision.Double), 1e-9),
        ("gpu-cpu", () => new GpuEngine(GpuBackend.Cpu) { Fallback = () => new CpuKernels<float>(0) }, 1e-4),
        // A real GPU joins the matrix where the machine has one; elsewhere the hardware tests of
        // TensorLogic.Backends.Gpu.Tests show as skipped with the reason.
        .. HardwareEngines(),
    ];

    private static IEnumerable<(string, Func<IEngine>, double)> HardwareEngines() =>
        new[] { GpuBackend.Cuda, GpuBackend.OpenCL }
            .Where(backend => GpuDevices.WhyNone(backend) is null)
            .Select(backend => (backend.EngineName(), (Func<IEngine>)(() => new GpuEngine(backend) { Fallback = () => new CpuKernels<float>(0) }), 1e-4));

    private static readonly (string Name, Chaining Chaining)[] Chainings =
    [
        ("forward", Chaining.Forward),
        ("backward", Chaining.Backward),
    ];

    /// <summary>The oracle other engines are compared with: the reference engine, computing forward.</summary>
    public const string Reference = "reference/forward";

    /// <summary>Every engine's name, for tests that run one chaining on each engine ("cpu", "gpu-cpu", ...).</summary>
    public static IReadOnlyList<string> EngineNames { get; } = [.. Engines.Select(e => e.Name)];

    /// <summary>Whether an engine computes in float32 (its answers then agree to about 1e-4, not 1e-9).</summary>
    public static bool IsSinglePrecision(string engineName) => Engines.Single(e => e.Name == engineName).Tolerance > 1e-6;

    /// <summary>Every combination's name, "engine/chaining".</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Engines.SelectMany(e => Chainings.Select(c => $"{e.Name}/{c.Name}"))];

    /// <summary>Every combination, for <c>[MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]</c>.</summary>
    public static TheoryData<string> All => [.. Names];

    /// <summary>Every combination but the oracle, for tests that compare with <see cref="Reference"/>.</summary>
    public static IReadOnlyList<string> NamesButReference { get; } = [.. Names.Where(n => n != Reference)];

    /// <summary>Every combination but the oracle, as theory data.</summary>
    public static TheoryData<string> AllButReference => [.. NamesButReference];

    /// <summary>Every item crossed with every combination (or with <paramref name="engines"/>): (item, engine name) rows.</summary>
    public static TheoryData<string, string> Cross(IEnumerable<string> items, IEnumerable<string>? engines = null)
    {
        var names = (engines ?? Names).ToList();
        var data = new TheoryData<string, string>();
        foreach (var item in items)
            foreach (var name in names)
                data.Add(item, name);
        return data;
    }

    /// <summary>
    /// The case a name of <see cref="Names"/> stands for, with a new engine; an engine name alone ("cpu")
    /// means forward chaining, for tests that need one engine rather than the matrix.
    /// </summary>
    public static EngineCase Get(string name)
    {
        var slash = name.IndexOf('/');
        var engineName = slash < 0 ? name : name[..slash];
        var chainingName = slash < 0 ? "forward" : name[(slash + 1)..];
        var engine = Engines.SingleOrDefault(e => e.Name == engineName);
        var chaining = Chainings.SingleOrDefault(c => c.Name == chainingName);
        if (engine.Name is null || chaining.Name is null)
            throw new ArgumentException($"no engine combination '{name}'; known: {string.Join(", ", Names)}", nameof(name));
        return new EngineCase($"{engine.Name}/{chaining.Name}", engine.Name, engine.Create(), chaining.Chaining, engine.Tolerance);
    }

    /// <summary>
    /// The CPU engine in float64 with some compiler passes turned off, for tests that check the passes
    /// change no answer.
    /// </summary>
    public static EngineCase CpuWithoutPasses(IReadOnlySet<string> disabledPasses, Chaining chaining = Chaining.Forward) =>
        new($"cpu-f64 without {string.Join(", ", disabledPasses.Order(StringComparer.Ordinal))}", "cpu-f64",
            new CpuEngine(Precision.Double, disabledPasses: disabledPasses), chaining, 1e-9);
}
