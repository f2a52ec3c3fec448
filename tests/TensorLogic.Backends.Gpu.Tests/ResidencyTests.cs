using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Text;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// Tensors stay on the device: an unchanged host value is uploaded once, a host write makes the next read
/// upload again, and a result left on the device reaches the host only when the host reads it.
/// </summary>
public class ResidencyTests
{
    private static readonly GpuDevice Device = GpuDevices.Get(GpuBackend.Cpu);

    [Fact]
    public void An_unchanged_value_is_uploaded_once_and_a_written_one_again()
    {
        var residency = new DeviceResidency(Device);
        var value = new DenseTensor<float>([3], [1f, 2f, 3f]);
        lock (Device.Gate)
        {
            var first = residency.Resident(value, "X", Device.Accelerator.DefaultStream);
            var second = residency.Resident(value, "X", Device.Accelerator.DefaultStream);
            Assert.Same(first, second);
            Assert.Equal(1, residency.Uploads);
            value.Set([1], 20);
            var third = residency.Resident(value, "X", Device.Accelerator.DefaultStream);
            Assert.Equal(2, residency.Uploads);
            Assert.True(first.IsReleased);
            Assert.Equal([1f, 20f, 3f], ((ArrayView1D<float, Stride1D.Dense>)third.View).GetAsArray1D());
            residency.Release();
            Assert.True(third.IsReleased);
        }
    }

    [Fact]
    public void A_result_reaches_the_host_when_read_and_its_memory_returns_with_the_value()
    {
        var residency = new DeviceResidency(Device);
        var host = new DenseTensor<float>([2, 2]);
        GpuMirror result;
        lock (Device.Gate)
        {
            result = residency.Create(4, "Y");
            result.View.CopyFromCPU(new[] { 5f, 6f, 7f, 8f });
            host.Attach(result, hostStale: true);
            // The device copy is current: a kernel reading the value needs no upload.
            Assert.Same(result, residency.Resident(host, "Y", Device.Accelerator.DefaultStream));
            Assert.Equal(0, residency.Uploads);
        }
        Assert.Equal([5f, 6f, 7f, 8f], host.Data);
        Assert.False(result.IsReleased);
        host.Detach();
        Assert.True(result.IsReleased);
    }

    [Fact]
    public void A_relations_tuples_cross_once_until_it_grows()
    {
        var residency = new DeviceResidency(Device);
        var compiled = Compilation.Compile([new SourceText("Edge(2, 2)\nEdge?", "test.tl")], new DataFileReader());
        var edge = compiled.Bound!.FindTensor("Edge")!;
        var relation = new Relation([3, 3]);
        relation.Add([0, 1]);
        relation.Add([2, 1]);
        lock (Device.Gate)
        {
            var stream = Device.Accelerator.DefaultStream;
            var (first, count) = residency.Tuples(edge, relation, stream);
            Assert.Equal(2, count);
            Assert.Equal([0, 1, 2, 1], ((ArrayView1D<int, Stride1D.Dense>)first).GetAsArray1D());
            residency.Tuples(edge, relation, stream);
            Assert.Equal(1, residency.Uploads);
            relation.Add([1, 0]);
            var (grown, three) = residency.Tuples(edge, relation, stream);
            Assert.Equal(3, three);
            Assert.Equal(2, residency.Uploads);
            // A relation this small is held as bits, whose tuples come in row-major order.
            Assert.Equal([0, 1, 1, 0, 2, 1], ((ArrayView1D<int, Stride1D.Dense>)grown).GetAsArray1D());
            residency.Release();
        }
    }
}
