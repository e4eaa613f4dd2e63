package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** French light stemmer (Lucene {@code FrenchLightStemFilter}). Expects lower-cased input. */
@NamedComponent("carrefour_french_stem")
public class FrenchStemTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.frenchStem(tokenStream);
    }
}
