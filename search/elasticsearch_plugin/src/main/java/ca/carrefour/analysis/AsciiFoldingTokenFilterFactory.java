package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Folds accented and other non-ASCII characters to ASCII ({@code é} becomes {@code e}). */
@NamedComponent("carrefour_asciifolding")
public class AsciiFoldingTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.asciiFolding(tokenStream);
    }

    /** Also applied by normalizers and to the terms of prefix/wildcard/fuzzy queries. */
    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return Filters.asciiFolding(tokenStream);
    }
}
