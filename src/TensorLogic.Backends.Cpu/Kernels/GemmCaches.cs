using System.Globalization;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// The per-core data cache sizes that the GEMM blocking follows, in bytes, read once from Linux's sysfs
/// (<c>/sys/devices/system/cpu/cpu0/cache/index*/</c>); where they cannot be read, the sizes of the machine the
/// constants were first tuned on (AMD Zen 5: L1D 48 KiB, L2 1 MiB), so the blocking there is what it was.
/// </summary>
internal readonly record struct GemmCaches(long L1Data, long L2)
{
    public static readonly GemmCaches Fallback = new(48 * 1024, 1024 * 1024);

    /// <summary>This machine's caches, or <see cref="Fallback"/>.</summary>
    public static GemmCaches Machine { get; } = Read("/sys/devices/system/cpu/cpu0/cache");

    /// <summary>Reads the level, type and size of each cache under <paramref name="folder"/>; anything missing falls back.</summary>
    internal static GemmCaches Read(string folder)
    {
        long l1 = 0, l2 = 0;
        try
        {
            if (Directory.Exists(folder))
            {
                foreach (string index in Directory.EnumerateDirectories(folder, "index*"))
                {
                    string level = ReadLine(Path.Combine(index, "level")), type = ReadLine(Path.Combine(index, "type"));
                    long size = ParseSize(ReadLine(Path.Combine(index, "size")));
                    if (level == "1" && type == "Data")
                        l1 = size;
                    else if (level == "2" && type is "Unified" or "Data")
                        l2 = size;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return new GemmCaches(l1 > 0 ? l1 : Fallback.L1Data, l2 > 0 ? l2 : Fallback.L2);
    }

    /// <summary>A sysfs size such as <c>48K</c>, <c>2048K</c> or <c>1M</c>; 0 when it is not one.</summary>
    internal static long ParseSize(string text)
    {
        text = text.Trim();
        long unit = 1;
        if (text.EndsWith('K'))
            unit = 1024;
        else if (text.EndsWith('M'))
            unit = 1024 * 1024;
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value * unit : 0;
    }

    private static string ReadLine(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";
}
