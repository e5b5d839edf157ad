using KernelConnector.Generators.Common;
using KernelConnector.Generators.Emitting;
using KernelConnector.Generators.Model;
using KernelConnector.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelConnector.Generators;

/// <summary>
/// Completes every <c>[ConnectorMessage]</c> struct with its zero-copy serializer
/// (<c>IConnectorMessage&lt;T&gt;</c>) and every class with <c>[ConnectorCallback]</c> methods with
/// its registration code and dispatch switch. Invalid targets are skipped; the analyzers say why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ConnectorGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var messages = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ConnectorMessageAttribute,
                static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => MessageParser.Parse(ctx, ct))
            .WithTrackingName(StepNames.Messages)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(StepNames.ValidMessages);

        context.RegisterSourceOutput(messages, static (spc, model) =>
            spc.AddSource(model.Target.HintName, MessageEmitter.Emit(model)));

        // One item per callback method (its class's declaration and the callback), collected and
        // grouped into one model per class: an edit to one class changes only that class's model,
        // so the other classes' output stays cached.
        var handlers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ConnectorCallbackAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => HandlerParser.ParseCallback(ctx, ct))
            .WithTrackingName(StepNames.Callbacks)
            .Where(static c => c is not null)
            .Select(static (c, _) => c!)
            .Collect()
            .WithTrackingName(StepNames.CollectedCallbacks)
            .SelectMany(static (all, ct) => HandlerParser.Group(all, ct))
            .WithTrackingName(StepNames.Handlers);

        context.RegisterSourceOutput(handlers, static (spc, model) =>
            spc.AddSource(model.Target.HintName, HandlerEmitter.Emit(model)));
    }
}
