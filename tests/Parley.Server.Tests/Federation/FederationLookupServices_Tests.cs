using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Federation;
using Parley.TestKit;

namespace Parley.Server.Tests.Federation;

public sealed class FederationLookupServices_Tests
{
    [Fact]
    public async Task The_kernel_provides_the_resolver_and_the_certificate_validator()
    {
        await using var server = await TestServer.StartAsync();

        Assert.IsType<DnsS2sResolver>(server.Services.GetRequiredService<IS2sResolver>());
        Assert.IsType<PeerCertificateValidator>(server.Services.GetRequiredService<IPeerCertificateValidator>());
    }
}
