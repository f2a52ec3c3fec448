namespace TensorLogic.Runtime.Resources;

/// <summary>Byte counts in the units people read them in, as diagnostics print them.</summary>
public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => FormattableString.Invariant($"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => FormattableString.Invariant($"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => FormattableString.Invariant($"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => FormattableString.Invariant($"{bytes} bytes"),
    };
}
