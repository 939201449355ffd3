using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Parley.Server.Federation;

/// <summary>Registers how peers are found (DNS, host overrides) and how their certificates are judged.</summary>
public static class FederationLookupServices
{
    public static IServiceCollection AddFederationLookup(this IServiceCollection services)
    {
        // The modules register TimeProvider.System too; whichever comes first, there is one clock.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IS2sResolver, DnsS2sResolver>();
        services.TryAddSingleton<IPeerCertificateValidator, PeerCertificateValidator>();
        return services;
    }
}
