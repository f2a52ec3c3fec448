using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Memory;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>The caching allocator: buffers come back for requests of their size class, and a full device names the tensor.</summary>
public class DevicePoolTests
{
    private static readonly GpuDevice Device = GpuDevices.Get(GpuBackend.Cpu);

    [Fact]
    public void A_returned_buffer_serves_the_next_request_of_its_size_class()
    {
        var pool = new DevicePool(Device.Accelerator);
        lock (Device.Gate)
        {
            var first = pool.Rent<float>(300, "A");
            Assert.Equal(512, first.Length);
            pool.Return(first);
            Assert.Same(first, pool.Rent<float>(500, "B"));
            Assert.Equal(512 * sizeof(float), pool.HeldBytes);
            pool.Release();
        }
    }

    [Fact]
    public void A_full_device_names_the_tensor_and_its_size_after_releasing_the_cache()
    {
        var pool = new DevicePool(Device.Accelerator, capacity: 1 << 20);
        lock (Device.Gate)
        {
            var cached = pool.Rent<float>(1 << 17, "Kept");
            pool.Return(cached);
            // 512 KiB cached + 1 MiB asked exceeds 1 MiB: the cache is freed, and 1 MiB alone still fits.
            var big = pool.Rent<float>(1 << 18, "Big");
            Assert.Equal(1 << 18, big.Length);
            var error = Assert.Throws<DeviceMemoryException>(() => pool.Rent<float>(1 << 16, "Score"));
            Assert.Equal("Score", error.Purpose);
            Assert.Equal(1 << 18, error.Bytes);
            Assert.Equal($"out of device memory: Score needs 262,144 bytes on {Device.Accelerator.Name}, whose pool holds at most 1,048,576", error.Message);
            pool.Return(big);
            pool.Release();
        }
    }
}
