using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelConnector.Docs.Tests.Support;

/// <summary>A document's C header as the compiler hands an AdditionalFiles item to the analyzers.</summary>
public sealed class DocHeaderText(DocHeader header) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(header.Text);

    /// <inheritdoc />
    public override string Path => header.Path;

    /// <inheritdoc />
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
