package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Lower-cases tokens (Lucene {@code LowerCaseFilter}). */
@NamedComponent("carrefour_lowercase")
public class LowercaseTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.lowercase(tokenStream);
    }

    /** Also applied by normalizers and to the terms of prefix/wildcard/fuzzy queries. */
    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return Filters.lowercase(tokenStream);
    }
}
