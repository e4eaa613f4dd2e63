package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes Lucene's default French stop words (and their ASCII-folded forms). Expects lower-cased input. */
@NamedComponent("carrefour_french_stop")
public class FrenchStopTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.frenchStop(tokenStream);
    }
}
