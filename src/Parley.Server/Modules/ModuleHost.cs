using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Stanzas;
using Parley.Server.Events;
using Parley.Xml;

namespace Parley.Server.Modules;

/// <summary>Loads the enabled modules and owns every registration they make.</summary>
public sealed class ModuleHost
{
    public ModuleHost(IEnumerable<IModule> modules, IServiceProvider services, IConfiguration configuration,
        EventBus events, IqDispatcher iq, FeatureRegistry features, StanzaFilters filters, StreamFeatures streamFeatures,
        ILogger<ModuleHost> logger)
    {
        Iq = iq;
        Features = features;
        Filters = filters;
        StreamFeatures = streamFeatures;
        Modules = [.. modules];
        foreach (var module in Modules)
        {
            module.Configure(new Builder(this, module, services, configuration, events));
            logger.LogDebug("Module {Module} loaded", module.Info.Name);
        }
        Iq.Freeze();
        Filters.Freeze();
        Features.Freeze();
    }

    public IReadOnlyList<IModule> Modules { get; }

    public IqDispatcher Iq { get; }

    public FeatureRegistry Features { get; }

    public StanzaFilters Filters { get; }

    public StreamFeatures StreamFeatures { get; }

    /// <summary>What modules asked to run in the background, by module name; <see cref="ModuleBackgroundWork"/> runs it.</summary>
    internal IReadOnlyList<(string Module, Func<CancellationToken, Task> Work)> BackgroundWork => _background;

    private readonly List<(string Module, Func<CancellationToken, Task> Work)> _background = [];

    private sealed class Builder(ModuleHost host, IModule module, IServiceProvider services,
        IConfiguration configuration, EventBus events) : IModuleBuilder
    {
        public IServiceProvider Services => services;

        public void Feature(string var) => host.Features.AddFeature(var);

        public void Identity(string category, string type, string? name = null)
            => host.Features.AddIdentity(new DiscoIdentity(category, type, name));

        public void DiscoExtension(string formType, string var, IReadOnlyList<string> values, string? type = null)
            => host.Features.AddExtensionField(formType, new DiscoField(var, [.. values], type));

        public void Iq<TPayload>(IqType type, Addressed addressing, Func<IqRequest<TPayload>, ValueTask<IqResponse>> handler)
            where TPayload : IPayload<TPayload>
        {
            host.Iq.Add(type, addressing, TPayload.ElementName, TPayload.Namespace, (iq, payload, from, to, ct) =>
            {
                var parsed = TPayload.Parse(payload);
                if (parsed is null)
                    return ValueTask.FromResult(new IqResponse(Stanza.ErrorReply(iq, new StanzaError(StanzaErrorCondition.BadRequest))));
                return handler(new IqRequest<TPayload>(iq, parsed, from, to, services));
            });
        }

        public void Filter(FilterPoint point, StanzaFilter filter, int priority = 0) => host.Filters[point].Add(filter, priority);

        public void StreamFeature(Func<Protocol.Jid, Element?> feature) => host.StreamFeatures.Add(feature);

        public void On<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler) => events.Subscribe(handler);

        public void Background(Func<CancellationToken, Task> work) => host._background.Add((module.Info.Name, work));

        public T Options<T>() where T : class, new()
        {
            var options = new T();
            configuration.GetSection("modules").GetSection(module.Info.Name).Bind(options);
            return options;
        }
    }
}
