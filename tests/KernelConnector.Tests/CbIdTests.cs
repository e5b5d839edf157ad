using Xunit;

namespace KernelConnector.Tests;

public class CbIdTests
{
    [Theory]
    [InlineData(1u, 1u)]
    [InlineData(2u, 1u)]
    [InlineData(3u, 1u)]
    [InlineData(4u, 1u)]
    [InlineData(6u, 1u)]
    [InlineData(7u, 1u)]
    [InlineData(8u, 1u)]
    [InlineData(9u, 1u)]
    [InlineData(10u, 1u)]
    public void Ids_of_in_kernel_users_are_kernel_owned(uint idx, uint val)
    {
        var id = new CbId(idx, val);
        Assert.True(id.IsKernelOwned);
        Assert.Contains(id, CbId.KernelOwned);
    }

    [Theory]
    [InlineData(5u, 1u)]   // CN_IDX_BB has no val and no in-kernel callback
    [InlineData(1u, 2u)]
    [InlineData(11u, 1u)]
    [InlineData(0u, 0u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public void Other_ids_are_not_kernel_owned(uint idx, uint val)
    {
        var id = new CbId(idx, val);
        Assert.False(id.IsKernelOwned);
        Assert.DoesNotContain(id, CbId.KernelOwned);
    }

    [Fact]
    public void Well_known_ids_match_linux_connector_h()
    {
        Assert.Equal(new CbId(1, 1), CbId.Proc);
        Assert.Equal(new CbId(2, 1), CbId.Cifs);
        Assert.Equal(new CbId(3, 1), CbId.W1);
        Assert.Equal(new CbId(4, 1), CbId.V86dUvesafb);
        Assert.Equal(new CbId(6, 1), CbId.Dst);
        Assert.Equal(new CbId(7, 1), CbId.DmUserspaceLog);
        Assert.Equal(new CbId(8, 1), CbId.Drbd);
        Assert.Equal(new CbId(9, 1), CbId.HyperVKvp);
        Assert.Equal(new CbId(10, 1), CbId.HyperVVss);
        Assert.Equal(new CbId(0xFFFFFFFF, 0xFFFFFFFF), CbId.Control);
    }

    [Fact]
    public void Formats_like_the_kernel_documentation()
    {
        Assert.Equal("{20, 7}", new CbId(20, 7).ToString());
    }

    [Fact]
    public void Group_defaults_to_idx_until_set()
    {
        var attribute = new ConnectorMessageAttribute(20, 7);
        Assert.Equal(20u, attribute.Group);
        attribute.Group = 3;
        Assert.Equal(3u, attribute.Group);
        Assert.Equal(0, attribute.MaxTrailingBytes);
        Assert.False(attribute.UnicastOnly);
    }
}
